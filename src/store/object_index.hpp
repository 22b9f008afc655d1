// The in-memory index behind find(): CKA_CLASS, CKA_KEY_TYPE, CKA_ID and
// CKA_LABEL to object ids.  It holds exactly the objects find() may return
// (public ones always, private ones while the token key is unlocked) and is
// kept current by insert/erase on every change; nothing is re-read to answer.
// p11::narrowing_index (attributes/narrowing_index.hpp), counting what each
// find() examined.
#pragma once

#include <vector>

#include "p11/attributes/narrowing_index.hpp"
#include "store/token_store.hpp"

namespace p11::store::detail {

class object_index : public narrowing_index<object_id> {
public:
    [[nodiscard]] std::vector<object_id> find(const index_query& q) const;
};

} // namespace p11::store::detail

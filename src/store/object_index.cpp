#include "store/object_index.hpp"

#include "store/instrumentation.hpp"

namespace p11::store::detail {

std::vector<object_id> object_index::find(const index_query& q) const {
    std::size_t examined = 0;
    auto out = narrowing_index::find(q, &examined);
    count(counters().index_candidates, examined);
    return out;
}

} // namespace p11::store::detail

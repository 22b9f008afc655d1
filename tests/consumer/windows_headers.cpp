// Compiled (not run) by x86_64-w64-mingw32-g++: the consumer headers on
// Windows, where library.hpp loads modules with LoadLibrary/GetProcAddress
// and CK_ULONG is 32 bits.  A Linux build never sees those branches.
#include "p11/client/library.hpp"
#include "p11/client/mechanism.hpp"
#include "p11/client/module.hpp"
#include "p11/client/search.hpp"
#include "p11/client/session.hpp"
#include "p11/client/two_call.hpp"
#include "p11/client/uri.hpp"

#ifndef _WIN32
#error "this translation unit checks the Windows branches: build it with a Windows compiler"
#endif

static_assert(sizeof(p11::abi::CK_ULONG) == 4);

int count_objects(const char* path) {
    auto m = p11::client::module::load(path);
    if (!m) return -1;
    auto slots = m->slots(true);
    if (!slots || slots->empty()) return -1;
    auto s = m->open_session(slots->front());
    if (!s) return -1;
    auto u = p11::client::uri::parse("pkcs11:type=cert");
    int n = 0;
    for (auto h : s->search(u ? u->object_template() : p11::attribute_template{})) n += h != 0;
    return n;
}

// list-slots: the vendor page's samples 1 and 2 — every slot, its token, and
// the objects it holds — for any module, named by path or by PKCS #11 URI.
//
//   list-slots /usr/lib/softhsm/libsofthsm2.so
//   list-slots 'pkcs11:token=demo?module-path=/usr/lib/x.so&pin-value=1234'
#include <cstdio>
#include <string>

#include "common/der.hpp"
#include "p11/client/session.hpp"
#include "p11/client/uri.hpp"

namespace {

using namespace p11;

std::string hex(const std::vector<std::uint8_t>& b) {
    static const char d[] = "0123456789abcdef";
    std::string s;
    for (auto c : b) s += {d[c >> 4], d[c & 15]};
    return s;
}

std::string curve_name(const std::vector<std::uint8_t>& params) {
    static const std::vector<std::uint8_t> p256{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07},
        p384{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22}, p521{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23};
    if (params == p256) return "P-256";
    if (params == p384) return "P-384";
    if (params == p521) return "P-521";
    return "curve " + hex(params);
}

void describe_object(const client::session& s, client::object_handle h) {
    const auto cls = s.get(h, attr::cls);
    const auto label = s.get(h, attr::label).value_or("");
    const auto id = s.get(h, attr::id).value_or({});
    std::printf("    %-12s label \"%s\" id %s", cls ? to_string(*cls).data() + 4 : "?", label.c_str(),
                id.empty() ? "-" : hex(id).c_str());
    if (!cls) return (void)std::printf("\n");
    if (*cls == object_class::public_key || *cls == object_class::private_key || *cls == object_class::secret_key) {
        const auto kt = s.get(h, attr::key_type);
        std::printf(" %s", kt ? to_string(*kt).data() : "?");
        if (kt && *kt == key_type::rsa) {
            if (auto n = s.get(h, attr::modulus)) std::printf(" %zu bits", n->size() * 8);
        } else if (kt && *kt == key_type::ec) {
            if (auto p = s.get(h, attr::ec_params)) std::printf(" %s", curve_name(*p).c_str());
        } else if (auto len = s.get(h, attr::value_len)) {
            std::printf(" %lu bytes", static_cast<unsigned long>(*len));
        }
    }
    if (*cls == object_class::certificate) {
        if (auto subject = s.get(h, attr::subject)) {
            auto text = example::der::name_to_string(*subject);
            std::printf(" subject \"%s\"", text ? text->c_str() : "(unreadable)");
        }
    }
    std::printf("\n");
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: list-slots MODULE_PATH | PKCS11_URI\n");
        return 2;
    }
    const std::string arg = argv[1];
    std::optional<client::uri> selector;
    std::string path = arg;
    if (arg.rfind("pkcs11:", 0) == 0) {
        std::string why;
        selector = client::uri::parse(arg, &why);
        if (!selector) return std::fprintf(stderr, "bad URI: %s\n", why.c_str()), 2;
        if (!selector->module_path) return std::fprintf(stderr, "the URI needs module-path=\n"), 2;
        path = *selector->module_path;
    }
    auto m = client::module::load(path);
    if (!m) return std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), to_string(m.code()).data()), 1;
    auto info = m->info();
    if (info)
        std::printf("%s: %s %s (Cryptoki %u.%u, library %u.%u)\n", path.c_str(), info->manufacturer.c_str(),
                    info->description.c_str(), info->cryptoki.major, info->cryptoki.minor, info->library.major,
                    info->library.minor);
    auto slots = m->slots();
    if (!slots) return std::fprintf(stderr, "C_GetSlotList: %s\n", to_string(slots.code()).data()), 1;
    for (auto id : *slots) {
        auto si = m->slot(id);
        if (!si || (selector && !selector->matches(*si))) continue;
        std::printf("slot %lu: %s (%s)\n", static_cast<unsigned long>(id), si->description.c_str(),
                    si->token_present() ? "token present" : "empty");
        if (!si->token_present()) continue;
        auto ti = m->token(id);
        if (!ti || (selector && !selector->matches(*ti))) continue;
        std::printf("  token \"%s\", %s %s, serial %s%s\n", ti->label.c_str(), ti->manufacturer.c_str(),
                    ti->model.c_str(), ti->serial.c_str(), ti->initialized() ? "" : " (not initialised)");
        if (!ti->initialized()) continue;
        auto s = m->open_session(id);
        if (!s) continue;
        client::login_guard login;
        if (selector && selector->pin_value) {
            if (auto l = s->login(user_type::user, *selector->pin_value)) login = std::move(*l);
        }
        auto objects = s->find(selector ? selector->object_template() : attribute_template{});
        if (!objects) {
            std::printf("  (objects: %s)\n", to_string(objects.code()).data());
            continue;
        }
        std::printf("  %zu object(s)\n", objects->size());
        for (auto h : *objects) describe_object(*s, h);
    }
    return 0;
}

// p11forge-info: what the constant tables know, one constant at a time or as
// the tables of the seed page (error codes, versions, prefixes).
#include <cstdio>
#include <string_view>

#include "commands.hpp"

namespace {

int usage(std::FILE* out, int status) {
    std::fprintf(out,
                 "usage: p11forge-info NAME            one constant (e.g. CKM_AES_GCM, CKR_PIN_INCORRECT, CKK_ECDSA)\n"
                 "       p11forge-info FAMILY VALUE    a value of a family, named (e.g. CKM 0x80000012, CKR 160)\n"
                 "       p11forge-info --list FAMILY   every row of a family (e.g. --list CKO)\n"
                 "       p11forge-info --errors        every CKR_ code: name | hex | decimal | since\n"
                 "       p11forge-info --versions      the Cryptoki versions, their CK_VERSION bytes and what each introduced\n"
                 "       p11forge-info --prefixes      what each naming prefix (C_, CKA_, CKM_ ..., ul, ph ...) stands for\n"
                 "       p11forge-info --profiles      the build profiles (-Dcryptoki_version) and what each admits\n"
                 "       p11forge-info --help\n");
    return status;
}

} // namespace

int main(int argc, char** argv) {
    using namespace p11forge_info;
    const std::string_view first = argc > 1 ? argv[1] : "";
    if (argc == 2) {
        if (first == "--help") return usage(stdout, 0);
        if (first == "--errors") return print_errors(), 0;
        if (first == "--versions") return print_versions(), 0;
        if (first == "--prefixes") return print_prefixes(), 0;
        if (first == "--profiles") return print_profiles(), 0;
        if (first.starts_with("--")) return usage(stderr, 2);
        if (describe_name(first)) return 0;
        std::fprintf(stderr, "%s: not a Cryptoki constant we know\n", argv[1]);
        return 1;
    }
    if (argc == 3 && first == "--list") return list_family(argv[2]) ? 0 : usage(stderr, 2);
    if (argc == 3) {
        if (describe_value(first, argv[2])) return 0;
        std::fprintf(stderr, "%s %s: unknown family or value\n", argv[1], argv[2]);
        return 1;
    }
    return usage(stderr, 2);
}

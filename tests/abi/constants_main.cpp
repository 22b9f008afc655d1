// The generated p11kit_reference.cpp is all static_asserts; this main makes
// the test executable report how many constants it compared.
#include <cstdio>

int p11kit_reference_constant_count();

int main() {
    std::printf("%d constants of p11-kit's pkcs11.h match our tables\n", p11kit_reference_constant_count());
    return p11kit_reference_constant_count() > 600 ? 0 : 1;
}

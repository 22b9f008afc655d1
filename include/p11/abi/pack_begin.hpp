// Opens Cryptoki's structure packing: 1 byte on Windows, natural elsewhere.
// Deliberately without an include guard: every ABI header brackets its
// structs with pack_begin.hpp / pack_end.hpp.
#if defined(_WIN32)
#pragma pack(push, p11_cryptoki, 1)
#endif

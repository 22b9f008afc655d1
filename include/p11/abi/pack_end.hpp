// Closes the packing opened by pack_begin.hpp (no include guard on purpose).
#if defined(_WIN32)
#pragma pack(pop, p11_cryptoki)
#endif

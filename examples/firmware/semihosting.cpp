#include "semihosting.hpp"

namespace fw {
namespace {

// Operation numbers of the Arm semihosting specification.
enum : unsigned { sys_open = 0x01, sys_close = 0x02, sys_write0 = 0x04, sys_read = 0x06, sys_flen = 0x0C,
                  sys_exit = 0x18 };
// SYS_EXIT reasons: a normal end, and one that QEMU reports as failure.
constexpr unsigned application_exit = 0x20026;
constexpr unsigned run_time_error = 0x20023;

long call(unsigned op, const void* arg) {
    register unsigned r0 asm("r0") = op;
    register const void* r1 asm("r1") = arg;
    asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return static_cast<long>(r0);
}

} // namespace

void write(const char* text) { call(sys_write0, text); }

long read_file(const char* path, unsigned char* buffer, std::size_t capacity) {
    std::size_t length = 0;
    while (path[length] != '\0') ++length;
    const unsigned open_args[3] = {reinterpret_cast<unsigned>(path), 1 /* "rb" */, length};
    const long handle = call(sys_open, open_args);
    if (handle < 0) return -1;
    const unsigned handle_arg[1] = {static_cast<unsigned>(handle)};
    const long size = call(sys_flen, handle_arg);
    long result = -1;
    if (size >= 0 && static_cast<unsigned long>(size) <= capacity) {
        const unsigned read_args[3] = {static_cast<unsigned>(handle), reinterpret_cast<unsigned>(buffer),
                                       static_cast<unsigned>(size)};
        // SYS_READ answers the number of bytes it could not read.
        if (call(sys_read, read_args) == 0) result = size;
    }
    call(sys_close, handle_arg);
    return result;
}

void exit(int status) {
    call(sys_exit, reinterpret_cast<const void*>(status == 0 ? application_exit : run_time_error));
    for (;;) {
    }
}

} // namespace fw

// The few Arm semihosting calls the firmware example needs: the debugger (or
// QEMU with -semihosting) is the only I/O a bare board is sure to have.
#pragma once

#include <cstddef>

namespace fw {

// Writes a NUL-terminated string to the host's console.
void write(const char* text);

// Reads the whole host file `path` into `buffer`; the number of bytes read,
// or -1 when the file cannot be opened or does not fit.
long read_file(const char* path, unsigned char* buffer, std::size_t capacity);

// Ends the program; QEMU exits with 0 for status 0 and 1 otherwise.
[[noreturn]] void exit(int status);

} // namespace fw

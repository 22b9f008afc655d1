// Reset and fault handling of a bare Cortex-M4 image: what newlib's crt0
// would do, minus what a firmware program does not need (argv, atexit).
#include "semihosting.hpp"

extern "C" {
extern unsigned __data_start[], __data_end[], __data_load[], __bss_start[], __bss_end[], __stack_top[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
int main();
void reset_handler();
}

namespace {

[[noreturn]] void fault_handler() {
    fw::write("fault\n");
    fw::exit(1);
}

} // namespace

extern "C" void reset_handler() {
    for (unsigned *from = __data_load, *to = __data_start; to < __data_end;) *to++ = *from++;
    for (unsigned* p = __bss_start; p < __bss_end;) *p++ = 0;
    // Dynamic initialisers, should a program have any.
    for (auto* f = __init_array_start; f < __init_array_end; ++f) (*f)();
    fw::exit(main());
}

// The initial stack pointer, then reset, NMI, HardFault, MemManage, BusFault
// and UsageFault: a program that faults reports it and ends, rather than
// hanging QEMU until the test's timeout.
using vector = void (*)();
extern "C" const vector vector_table[7] __attribute__((section(".vectors"), used)) = {
    reinterpret_cast<vector>(__stack_top), reset_handler, fault_handler, fault_handler, fault_handler,
    fault_handler, fault_handler,
};

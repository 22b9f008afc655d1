// C_WaitForSlotEvent blocking on the card readers is woken by C_Finalize
// from another thread, and returns CKR_CRYPTOKI_NOT_INITIALIZED (base
// specification, C_WaitForSlotEvent).  Run inside the rig (a real pcscd):
//   wait-finalize MODULE      exit 0 when woken in time with that code
#include <chrono>
#include <cstdio>
#include <future>
#include <thread>

#include "p11/client/library.hpp"
#include "p11/constants.hpp"

int main(int argc, char** argv) {
    using namespace p11;
    if (argc != 2) return 2;
    std::string why;
    auto so = client::shared_object::open(argv[1], &why);
    if (!so) return std::fprintf(stderr, "load: %s\n", why.c_str()), 2;
    auto table = client::resolve_functions(*so);
    if (!table) return 2;
    const auto& f = table->functions();
    abi::CK_C_INITIALIZE_ARGS args{};
    args.flags = static_cast<abi::CK_FLAGS>(init_flags::os_locking_ok);
    if (f.C_Initialize(&args) != 0) return std::fprintf(stderr, "C_Initialize failed\n"), 1;

    auto waiter = std::async(std::launch::async, [&] {
        abi::CK_SLOT_ID slot = 0;
        return f.C_WaitForSlotEvent(0, &slot, nullptr);  // blocking: no card comes or goes
    });
    // Blocked, not returned at once.
    if (waiter.wait_for(std::chrono::milliseconds(500)) != std::future_status::timeout)
        return std::fprintf(stderr, "C_WaitForSlotEvent returned without an event: %s\n",
                            to_string(static_cast<rv>(waiter.get())).data()), 1;
    const auto finalized = f.C_Finalize(nullptr);
    if (waiter.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
        std::fprintf(stderr, "C_Finalize did not wake C_WaitForSlotEvent\n");
        std::_Exit(1);  // the waiting thread cannot be joined
    }
    const auto r = static_cast<rv>(waiter.get());
    std::printf("C_Finalize: %s; C_WaitForSlotEvent: %s\n", to_string(static_cast<rv>(finalized)).data(), to_string(r).data());
    return finalized == 0 && r == rv::cryptoki_not_initialized ? 0 : 1;
}

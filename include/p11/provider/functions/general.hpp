// General-purpose functions: C_Initialize, C_Finalize, C_GetInfo.
// (C_GetFunctionList and the 3.0 interface functions live in export.hpp,
// beside the function lists they hand out.)
#pragma once

#include <vector>

#include "p11/constants/flags.hpp"
#include "p11/provider/call.hpp"

namespace p11::provider::api {

// Runtimes a child inherited through fork(), never torn down (per module, see
// P11_PROVIDER_LOCAL).
P11_PROVIDER_LOCAL inline std::vector<runtime_ptr>& inherited_runtimes() {
    static auto* inherited = new std::vector<runtime_ptr>();
    return *inherited;
}

inline rv C_Initialize(abi::CK_VOID_PTR init_args) {
    const auto* args = static_cast<const abi::CK_C_INITIALIZE_ARGS*>(init_args);
    locking_choice locking;
    if (const rv r = choose_locking(args, locking); r != rv::ok) return r;

    auto& slot = current_runtime();
    auto existing = slot.load();
    if (existing && existing->pid() == this_process_id()) return rv::cryptoki_already_initialized;
    if (existing) {
        // Inherited from the parent through fork(): its mutexes and handles
        // belong to the parent's threads.  Leak it rather than tear it down.
        inherited_runtimes().push_back(existing);
    }

    const module_config* config = registered_module();
    if (config == nullptr || !config->make_slots) return rv::general_error;
    app_mutex global;
    if (locking.use_app_mutex) {
        global = app_mutex(*args);
        if (global.create() != rv::ok) return rv::cant_lock;
    }
    auto rt = std::make_shared<runtime>(*config, config->make_slots(), global);
    runtime_ptr expected = existing;
    if (!slot.compare_exchange_strong(expected, rt)) return rv::cryptoki_already_initialized;
    runtime_for_calls().store(rt.get(), std::memory_order_seq_cst);
    return rv::ok;
}

inline rv C_Finalize(abi::CK_VOID_PTR reserved) {
    if (reserved != nullptr) return rv::arguments_bad;
    auto rt = live_runtime();
    if (!rt) return rv::cryptoki_not_initialized;
    runtime_ptr expected = rt;
    if (!current_runtime().compare_exchange_strong(expected, nullptr)) return rv::cryptoki_not_initialized;
    // Only our runtime's pointer: a C_Initialize racing with us may have
    // published its own already.
    runtime* published = rt.get();
    runtime_for_calls().compare_exchange_strong(published, nullptr, std::memory_order_seq_cst);
    rt->slots().cancel_wait();
    // The spec leaves C_Finalize during other calls undefined (except a
    // blocked C_WaitForSlotEvent, which holds its own reference); we still
    // let those calls finish on the runtime before it can be destroyed.
    wait_for_calls_in_progress();
    for (auto id : rt->slots().slot_ids()) rt->close_sessions_of_slot(id);
    return rv::ok;
}

inline rv C_GetInfo(abi::CK_INFO_PTR info) {
    return with_runtime([&](runtime& rt) -> rv {
        if (info == nullptr) return rv::arguments_bad;
        const auto& d = rt.config().description;
        const auto level = rt.level().level;
        info->cryptokiVersion = {level.major, level.minor};
        pad_field(info->manufacturerID, sizeof info->manufacturerID, d.manufacturer);
        info->flags = 0;
        pad_field(info->libraryDescription, sizeof info->libraryDescription, d.library_description);
        info->libraryVersion = to_ck(d.library_version);
        return rv::ok;
    });
}

} // namespace p11::provider::api

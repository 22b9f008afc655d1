// Loading a Cryptoki module and getting its functions.
//
// What a module claims (its CK_INFO version, or the version in its function
// list) is not trusted: modules mis-report it (some say 3.x and have no
// C_GetInterface; some say 2.11 and have 2.20 features).  The loader asks for
// the 3.0 interface when the module exports C_GetInterface, falls back to
// C_GetFunctionList, and copies whatever it got into one normalised
// CK_FUNCTION_LIST_3_0 whose missing entries are null: `supports(fn)` is then
// the only question a caller needs to ask.
#pragma once

#include <cstring>
#include <memory>
#include <string>
#include <utility>

#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#endif

#include "p11/abi.hpp"
#include "p11/function.hpp"
#include "p11/result.hpp"

namespace p11::client {

// A loaded shared object; closes it when the last owner goes.
class shared_object {
public:
    shared_object() = default;
    shared_object(const shared_object&) = delete;
    shared_object& operator=(const shared_object&) = delete;
    shared_object(shared_object&& o) noexcept : handle_(std::exchange(o.handle_, nullptr)) {}
    shared_object& operator=(shared_object&& o) noexcept {
        if (this != &o) {
            close();
            handle_ = std::exchange(o.handle_, nullptr);
        }
        return *this;
    }
    ~shared_object() { close(); }

    // CKR_GENERAL_ERROR (2.x has no better code; 2.30's CKR_LIBRARY_LOAD_FAILED
    // is used where the caller's profile has it) with the loader's message.
    static result<shared_object> open(const std::string& path, std::string* why = nullptr) {
        shared_object so;
#if defined(_WIN32)
        so.handle_ = reinterpret_cast<void*>(::LoadLibraryA(path.c_str()));
        if (so.handle_ == nullptr) {
            if (why) *why = "LoadLibrary failed with error " + std::to_string(::GetLastError());
            return rv::library_load_failed;
        }
#else
        // RTLD_LOCAL: two modules exporting the same C_ names must not resolve
        // into each other (a spy loading the real module relies on it).
        so.handle_ = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (so.handle_ == nullptr) {
            if (why) *why = ::dlerror();
            return rv::library_load_failed;
        }
#endif
        return so;
    }

    [[nodiscard]] void* symbol(const char* name) const {
        if (!handle_) return nullptr;
#if defined(_WIN32)
        return reinterpret_cast<void*>(::GetProcAddress(static_cast<HMODULE>(handle_), name));
#else
        return ::dlsym(handle_, name);
#endif
    }
    [[nodiscard]] bool loaded() const { return handle_ != nullptr; }

private:
    void close() {
        if (!handle_) return;
#if defined(_WIN32)
        ::FreeLibrary(static_cast<HMODULE>(handle_));
#else
        ::dlclose(handle_);
#endif
        handle_ = nullptr;
    }
    void* handle_ = nullptr;
};

// The functions a module gave us, normalised to the 3.0 layout.
class dispatch_table {
public:
    dispatch_table() = default;

    // From a 2.x list: the 68 entries copied, the 3.0 ones left null.
    static dispatch_table from(const abi::CK_FUNCTION_LIST& v2) {
        dispatch_table t;
        t.list_.version = v2.version;
#define P11_COPY_2X(name, major, minor, params, args) t.list_.name = v2.name;
        P11_FUNCTIONS_2X(P11_COPY_2X)
#undef P11_COPY_2X
        t.interface_version_ = v2.version;
        return t;
    }
    static dispatch_table from(const abi::CK_FUNCTION_LIST_3_0& v3) {
        dispatch_table t;
        t.list_ = v3;
        t.interface_version_ = v3.version;
        return t;
    }

    [[nodiscard]] const abi::CK_FUNCTION_LIST_3_0& functions() const { return list_; }
    [[nodiscard]] const abi::CK_FUNCTION_LIST_3_0* operator->() const { return &list_; }
    // The version of the list we got (what the module claims for it).
    [[nodiscard]] abi::CK_VERSION claimed_version() const { return interface_version_; }

    // Whether the module gave us this function (a null pointer means no).
    [[nodiscard]] bool supports(function_id f) const {
        switch (f) {
#define P11_SUPPORTS(name, major, minor, params, args) \
    case function_id::name: return list_.name != nullptr;
            P11_FUNCTIONS(P11_SUPPORTS)
#undef P11_SUPPORTS
        }
        return false;
    }

private:
    abi::CK_FUNCTION_LIST_3_0 list_{};
    abi::CK_VERSION interface_version_{};
};

// Gets the best function list a loaded module offers.
[[nodiscard]] inline result<dispatch_table> resolve_functions(const shared_object& so) {
    using get_interface_t = abi::CK_RV (*)(abi::CK_UTF8CHAR_PTR, abi::CK_VERSION_PTR, abi::CK_INTERFACE_PTR_PTR, abi::CK_FLAGS);
    using get_function_list_t = abi::CK_RV (*)(abi::CK_FUNCTION_LIST_PTR_PTR);

    if (auto get_interface = reinterpret_cast<get_interface_t>(so.symbol("C_GetInterface"))) {
        abi::CK_UTF8CHAR name[] = "PKCS 11";
        abi::CK_VERSION v3{3, 0};
        abi::CK_INTERFACE_PTR iface = nullptr;
        // Ask for 3.0 by version: a module may list a 2.x interface first.
        if (get_interface(name, &v3, &iface, 0) == 0 && iface && iface->pFunctionList) {
            const auto* list = static_cast<const abi::CK_FUNCTION_LIST_3_0*>(iface->pFunctionList);
            if (list->version.major >= 3) return dispatch_table::from(*list);
            return dispatch_table::from(*static_cast<const abi::CK_FUNCTION_LIST*>(iface->pFunctionList));
        }
    }
    auto get_function_list = reinterpret_cast<get_function_list_t>(so.symbol("C_GetFunctionList"));
    if (get_function_list == nullptr) return failure(rv::general_error, function_id::C_GetFunctionList);
    abi::CK_FUNCTION_LIST_PTR list = nullptr;
    if (const auto r = get_function_list(&list); r != 0) return failure(static_cast<rv>(r), function_id::C_GetFunctionList);
    if (list == nullptr) return failure(rv::general_error, function_id::C_GetFunctionList);
    return dispatch_table::from(*list);
}

} // namespace p11::client

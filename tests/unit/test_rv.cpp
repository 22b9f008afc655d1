// Return codes: descriptions, the seed page's error table, and the mapping
// of newer codes to the closest code an older profile knows.
#include <catch2/catch.hpp>

#include <string>

#include "p11/constants/rv.hpp"
#include "p11/error_category.hpp"

using namespace p11;

TEST_CASE("every CKR row has a one-line description", "[rv]") {
    for (const auto& r : constant_family<rv>::rows) {
        INFO(r.name);
        const auto d = description(static_cast<rv>(r.value));
        CHECK_FALSE(d.empty());
        CHECK(d.find('\n') == std::string_view::npos);
    }
}

TEST_CASE("the seed page's whole error table is covered with the same values", "[rv][seed]") {
    // Name and value as printed on the vendor page (shared/seed).
    const std::pair<const char*, ck_ulong> seed[] = {
        {"CKR_OK", 0x0}, {"CKR_CANCEL", 0x1}, {"CKR_HOST_MEMORY", 0x2}, {"CKR_SLOT_ID_INVALID", 0x3},
        {"CKR_GENERAL_ERROR", 0x5}, {"CKR_FUNCTION_FAILED", 0x6}, {"CKR_ARGUMENTS_BAD", 0x7},
        {"CKR_NO_EVENT", 0x8}, {"CKR_NEED_TO_CREATE_THREADS", 0x9}, {"CKR_CANT_LOCK", 0xA},
        {"CKR_ATTRIBUTE_READ_ONLY", 0x10}, {"CKR_ATTRIBUTE_SENSITIVE", 0x11}, {"CKR_ATTRIBUTE_TYPE_INVALID", 0x12},
        {"CKR_ATTRIBUTE_VALUE_INVALID", 0x13}, {"CKR_DATA_INVALID", 0x20}, {"CKR_DATA_LEN_RANGE", 0x21},
        {"CKR_DEVICE_ERROR", 0x30}, {"CKR_DEVICE_MEMORY", 0x31}, {"CKR_DEVICE_REMOVED", 0x32},
        {"CKR_ENCRYPTED_DATA_INVALID", 0x40}, {"CKR_ENCRYPTED_DATA_LEN_RANGE", 0x41},
        {"CKR_FUNCTION_CANCELED", 0x50}, {"CKR_FUNCTION_NOT_PARALLEL", 0x51}, {"CKR_FUNCTION_NOT_SUPPORTED", 0x54},
        {"CKR_KEY_HANDLE_INVALID", 0x60}, {"CKR_KEY_SIZE_RANGE", 0x62}, {"CKR_KEY_TYPE_INCONSISTENT", 0x63},
        {"CKR_KEY_NOT_NEEDED", 0x64}, {"CKR_KEY_CHANGED", 0x65}, {"CKR_KEY_NEEDED", 0x66},
        {"CKR_KEY_INDIGESTIBLE", 0x67}, {"CKR_KEY_FUNCTION_NOT_PERMITTED", 0x68}, {"CKR_KEY_NOT_WRAPPABLE", 0x69},
        {"CKR_KEY_UNEXTRACTABLE", 0x6A}, {"CKR_MECHANISM_INVALID", 0x70}, {"CKR_MECHANISM_PARAM_INVALID", 0x71},
        {"CKR_OBJECT_HANDLE_INVALID", 0x82}, {"CKR_OPERATION_ACTIVE", 0x90}, {"CKR_OPERATION_NOT_INITIALIZED", 0x91},
        {"CKR_PIN_INCORRECT", 0xA0}, {"CKR_PIN_INVALID", 0xA1}, {"CKR_PIN_LEN_RANGE", 0xA2},
        {"CKR_PIN_EXPIRED", 0xA3}, {"CKR_PIN_LOCKED", 0xA4}, {"CKR_SESSION_CLOSED", 0xB0},
        {"CKR_SESSION_COUNT", 0xB1}, {"CKR_SESSION_HANDLE_INVALID", 0xB3},
        {"CKR_SESSION_PARALLEL_NOT_SUPPORTED", 0xB4}, {"CKR_SESSION_READ_ONLY", 0xB5}, {"CKR_SESSION_EXISTS", 0xB6},
        {"CKR_SESSION_READ_ONLY_EXISTS", 0xB7}, {"CKR_SESSION_READ_WRITE_SO_EXISTS", 0xB8},
        {"CKR_SIGNATURE_INVALID", 0xC0}, {"CKR_SIGNATURE_LEN_RANGE", 0xC1}, {"CKR_TEMPLATE_INCOMPLETE", 0xD0},
        {"CKR_TEMPLATE_INCONSISTENT", 0xD1}, {"CKR_TOKEN_NOT_PRESENT", 0xE0}, {"CKR_TOKEN_NOT_RECOGNIZED", 0xE1},
        {"CKR_TOKEN_WRITE_PROTECTED", 0xE2}, {"CKR_UNWRAPPING_KEY_HANDLE_INVALID", 0xF0},
        {"CKR_UNWRAPPING_KEY_SIZE_RANGE", 0xF1}, {"CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT", 0xF2},
        {"CKR_USER_ALREADY_LOGGED_IN", 0x100}, {"CKR_USER_NOT_LOGGED_IN", 0x101},
        {"CKR_USER_PIN_NOT_INITIALIZED", 0x102}, {"CKR_USER_TYPE_INVALID", 0x103},
        {"CKR_USER_ANOTHER_ALREADY_LOGGED_IN", 0x104}, {"CKR_USER_TOO_MANY_TYPES", 0x105},
        {"CKR_WRAPPED_KEY_INVALID", 0x110}, {"CKR_WRAPPED_KEY_LEN_RANGE", 0x112},
        {"CKR_WRAPPING_KEY_HANDLE_INVALID", 0x113}, {"CKR_WRAPPING_KEY_SIZE_RANGE", 0x114},
        {"CKR_WRAPPING_KEY_TYPE_INCONSISTENT", 0x115}, {"CKR_RANDOM_SEED_NOT_SUPPORTED", 0x120},
        {"CKR_RANDOM_NO_RNG", 0x121}, {"CKR_DOMAIN_PARAMS_INVALID", 0x130}, {"CKR_BUFFER_TOO_SMALL", 0x150},
        {"CKR_SAVED_STATE_INVALID", 0x160}, {"CKR_INFORMATION_SENSITIVE", 0x170}, {"CKR_STATE_UNSAVEABLE", 0x180},
        {"CKR_CRYPTOKI_NOT_INITIALIZED", 0x190}, {"CKR_CRYPTOKI_ALREADY_INITIALIZED", 0x191},
        {"CKR_MUTEX_BAD", 0x1A0}, {"CKR_MUTEX_NOT_LOCKED", 0x1A1}, {"CKR_VENDOR_DEFINED", 0x80000000},
    };
    for (const auto& [n, v] : seed) {
        INFO(n);
        auto code = from_name<rv>(n);
        REQUIRE(code.has_value());
        CHECK(to_ulong(*code) == v);
    }
}

TEST_CASE("newer codes map to a code the older profile defined", "[rv][profile]") {
    STATIC_REQUIRE(downgrade(rv::action_prohibited, profiles::v2_40) == rv::action_prohibited);
    STATIC_REQUIRE(since(downgrade(rv::action_prohibited, profiles::v2_11)) <= versions::v2_11);
    STATIC_REQUIRE(downgrade(rv::curve_not_supported, profiles::v2_11) == rv::domain_params_invalid);
    STATIC_REQUIRE(downgrade(rv::pin_too_weak, profiles::v2_20) == rv::pin_invalid);
    STATIC_REQUIRE(downgrade(rv::aead_decrypt_failed, profiles::v2_40) == rv::encrypted_data_invalid);
    STATIC_REQUIRE(downgrade(rv::function_rejected, profiles::v2_11) == rv::function_failed);
    STATIC_REQUIRE(downgrade(rv::pin_incorrect, profiles::v2_11) == rv::pin_incorrect);
    // Vendor codes were chosen by the module on purpose and pass through.
    STATIC_REQUIRE(downgrade(static_cast<rv>(0x80000001), profiles::v2_11) == static_cast<rv>(0x80000001));

    // Whatever the code, a profile never receives one it did not define.
    for (const auto& r : constant_family<rv>::rows) {
        for (auto p : {profiles::v2_11, profiles::v2_20, profiles::v2_40, profiles::v3_0}) {
            const rv d = downgrade(static_cast<rv>(r.value), p);
            INFO(r.name);
            CHECK((exists_in(d, p) || is_vendor_defined(d)));
        }
    }
}

TEST_CASE("the error category names the code, its value and its meaning", "[rv][error]") {
    const std::error_code ec = rv::pin_incorrect;
    CHECK(std::string(ec.category().name()) == "cryptoki");
    CHECK(ec.message().rfind("CKR_PIN_INCORRECT (0xa0): ", 0) == 0);
    CHECK(ec == rv::pin_incorrect);
    CHECK(make_error_code(static_cast<rv>(0x80000005)).message().rfind("CKR_VENDOR_DEFINED+0x5", 0) == 0);
}

// White-box tests: the framework linked in directly (no export macro, no
// dlopen), for the pieces whose behaviour is easier to pin down from inside:
// the two-call engine (output.hpp), the exception and profile boundary
// (call.hpp), locking arguments, the object rules, attribute sets.
#include <catch2/catch.hpp>

#include <new>
#include <stdexcept>

#include "mock_module.hpp"
#include "mock_token.hpp"
#include "p11/provider/call.hpp"
#include "p11/provider/functions/general.hpp"
#include "p11/provider/functions/sessions.hpp"
#include "p11/provider/object_rules.hpp"
#include "p11/provider/output.hpp"

#include "../common/catch_printing.hpp"

using namespace p11;
using namespace p11::provider;
using A = attribute_type;

namespace {

// A producing call whose output is `actual` bytes (bound `bound`), counting its runs.
struct fake_run {
    std::size_t actual;
    int runs = 0;
    result<std::size_t> operator()(out_span out) {
        ++runs;
        REQUIRE(out.size() >= actual);
        for (std::size_t i = 0; i < actual; ++i) out[i] = static_cast<byte>(0xa0 + i);
        return actual;
    }
};

template <class Body>
abi::CK_ATTRIBUTE ck_attr(A t, Body& v) {
    return {static_cast<abi::CK_ULONG>(t), &v, sizeof v};
}

} // namespace

TEST_CASE("produce(): the two-call convention engine", "[whitebox][output]") {
    active_operation op;
    byte buf[32];
    abi::CK_ULONG len = 0;

    SECTION("a length query runs nothing and keeps the operation") {
        fake_run run{5};
        auto r = produce(op, call::single, 16, nullptr, &len, std::ref(run));
        CHECK(r.code == rv::ok);
        CHECK(r.then == after::keep);
        CHECK(len == 16);
        CHECK(run.runs == 0);
    }
    SECTION("a buffer of at least the bound: one run, ends") {
        fake_run run{5};
        len = 16;
        auto r = produce(op, call::single, 16, buf, &len, std::ref(run));
        CHECK(r.code == rv::ok);
        CHECK(r.then == after::end);
        CHECK(len == 5);
        CHECK(run.runs == 1);
    }
    SECTION("below the bound but enough for the actual output") {
        fake_run run{5};
        len = 6;
        auto r = produce(op, call::single, 16, buf, &len, std::ref(run));
        CHECK(r.code == rv::ok);
        CHECK(r.then == after::end);
        CHECK(len == 5);
        CHECK(buf[4] == 0xa4);
        CHECK(op.pending_from == call::none);
    }
    SECTION("too small: kept, then delivered without running again") {
        fake_run run{12};
        len = 4;
        auto r = produce(op, call::final, 16, buf, &len, std::ref(run));
        CHECK(r.code == rv::buffer_too_small);
        CHECK(r.then == after::keep);
        CHECK(len == 12);
        len = 0;
        r = produce(op, call::final, 16, nullptr, &len, std::ref(run));
        CHECK(r.code == rv::ok);
        CHECK(len == 12);  // exact now
        len = 11;
        r = produce(op, call::final, 16, buf, &len, std::ref(run));
        CHECK(r.code == rv::buffer_too_small);
        len = 12;
        r = produce(op, call::final, 16, buf, &len, std::ref(run));
        CHECK(r.code == rv::ok);
        CHECK(r.then == after::end);
        CHECK(buf[11] == 0xab);
        CHECK(run.runs == 1);
        CHECK(op.pending.empty());
    }
    SECTION("a kept result belongs to the call that made it") {
        fake_run run{12};
        len = 4;
        CHECK(produce(op, call::update, 16, buf, &len, std::ref(run)).code == rv::buffer_too_small);
        len = 16;
        CHECK(produce(op, call::final, 16, buf, &len, std::ref(run)).code == rv::ok);
        CHECK(run.runs == 2);
        CHECK(op.pending_from == call::none);
    }
    SECTION("no length pointer") {
        fake_run run{1};
        auto r = produce(op, call::single, 16, buf, nullptr, std::ref(run));
        CHECK(r.code == rv::arguments_bad);
        CHECK(r.then == after::end);
        CHECK(run.runs == 0);
    }
}

TEST_CASE("copy_list(): lists under the same convention", "[whitebox][output]") {
    const abi::CK_ULONG items[] = {7, 8, 9};
    abi::CK_ULONG out[3] = {}, n = 0;
    CHECK(copy_list<abi::CK_ULONG>(items, out, nullptr) == rv::arguments_bad);
    CHECK(copy_list<abi::CK_ULONG>(items, nullptr, &n) == rv::ok);
    CHECK(n == 3);
    n = 2;
    CHECK(copy_list<abi::CK_ULONG>(items, out, &n) == rv::buffer_too_small);
    CHECK(n == 3);
    CHECK(out[0] == 0);
    CHECK(copy_list<abi::CK_ULONG>(items, out, &n) == rv::ok);
    CHECK(out[2] == 9);
}

TEST_CASE("enter(): exceptions and return codes at the boundary", "[whitebox][call]") {
    CHECK(enter([]() -> rv { throw std::bad_alloc(); }) == static_cast<abi::CK_RV>(rv::host_memory));
    CHECK(enter([]() -> rv { throw std::runtime_error("x"); }) == static_cast<abi::CK_RV>(rv::general_error));
    CHECK(enter([]() -> rv { throw 42; }) == static_cast<abi::CK_RV>(rv::general_error));
    // Downgraded to the registered module's profile.
    static const module_config old = p11mock::module_config_for(profiles::v2_11, false);
    const auto* saved = registered_module();
    registered_module() = &old;
    CHECK(enter([] { return rv::action_prohibited; }) ==
          static_cast<abi::CK_RV>(downgrade(rv::action_prohibited, profiles::v2_11)));
    CHECK(enter([] { return rv::action_prohibited; }) != static_cast<abi::CK_RV>(rv::action_prohibited));
    CHECK(enter([] { return rv::pin_incorrect; }) == static_cast<abi::CK_RV>(rv::pin_incorrect));
    registered_module() = saved;
    CHECK(enter([] { return rv::action_prohibited; }) == static_cast<abi::CK_RV>(rv::action_prohibited));
}

TEST_CASE("choose_locking()", "[whitebox][locking]") {
    locking_choice c;
    CHECK(choose_locking(nullptr, c) == rv::ok);
    CHECK_FALSE(c.use_app_mutex);
    abi::CK_C_INITIALIZE_ARGS args{};
    CHECK(choose_locking(&args, c) == rv::ok);
    CHECK_FALSE(c.use_app_mutex);
    auto create = [](abi::CK_VOID_PTR_PTR) -> abi::CK_RV { return 0; };
    auto other = [](abi::CK_VOID_PTR) -> abi::CK_RV { return 0; };
    args.CreateMutex = create;
    CHECK(choose_locking(&args, c) == rv::arguments_bad);
    args.DestroyMutex = other;
    args.LockMutex = other;
    args.UnlockMutex = other;
    CHECK(choose_locking(&args, c) == rv::ok);
    CHECK(c.use_app_mutex);
    args.flags = static_cast<abi::CK_FLAGS>(init_flags::os_locking_ok);
    CHECK(choose_locking(&args, c) == rv::ok);
    CHECK_FALSE(c.use_app_mutex);
}

TEST_CASE("build_object(): the rules per origin", "[whitebox][rules]") {
    const abi::CK_ULONG aes = static_cast<abi::CK_ULONG>(key_type::aes);
    byte value[16] = {};
    abi::CK_ULONG len = 16;
    abi::CK_BBOOL yes = 1;

    SECTION("create: CKA_KEY_TYPE and CKA_VALUE are required") {
        abi::CK_ATTRIBUTE t[] = {ck_attr(A::value, value)};
        auto v = parse_template(t, 1);
        REQUIRE(v);
        CHECK(build_object(*v, origin::create, object_class::secret_key, std::nullopt, false).code() ==
              rv::template_incomplete);
        CHECK(build_object(*v, origin::create, object_class::secret_key, aes, false).code() == rv::ok);
        auto none = parse_template(nullptr, 0);
        CHECK(build_object(*none, origin::create, object_class::secret_key, aes, false).code() ==
              rv::template_incomplete);
    }
    SECTION("generate: the type comes from the mechanism, CKA_VALUE is the token's") {
        abi::CK_ATTRIBUTE t[] = {ck_attr(A::value_len, len)};
        auto v = parse_template(t, 1);
        auto made = build_object(*v, origin::generate, object_class::secret_key, aes, false);
        REQUIRE(made);
        CHECK(made->ulong(A::key_type) == aes);
        CHECK(made->flag(A::sensitive));    // defaults
        CHECK(made->flag(A::private_));
        CHECK_FALSE(made->has(A::local));   // set later by set_key_origin
        abi::CK_ATTRIBUTE t2[] = {ck_attr(A::value, value)};
        auto v2 = parse_template(t2, 1);
        CHECK(build_object(*v2, origin::generate, object_class::secret_key, aes, false).code() ==
              rv::attribute_read_only);
    }
    SECTION("unwrap: CKA_VALUE_LEN is the token's; CKA_KEY_TYPE required") {
        abi::CK_ATTRIBUTE t[] = {ck_attr(A::value_len, len)};
        auto v = parse_template(t, 1);
        CHECK(build_object(*v, origin::unwrap, object_class::secret_key, aes, false).code() == rv::attribute_read_only);
        auto none = parse_template(nullptr, 0);
        CHECK(build_object(*none, origin::unwrap, object_class::secret_key, std::nullopt, false).code() ==
              rv::template_incomplete);
    }
    SECTION("CKA_TRUSTED") {
        abi::CK_ATTRIBUTE t[] = {ck_attr(A::trusted, yes)};
        auto v = parse_template(t, 1);
        CHECK(build_object(*v, origin::generate, object_class::secret_key, aes, false).code() ==
              rv::attribute_read_only);
        CHECK(build_object(*v, origin::generate, object_class::secret_key, aes, true).code() == rv::ok);
    }
    SECTION("set_key_origin") {
        auto none = parse_template(nullptr, 0);
        auto k = build_object(*none, origin::generate, object_class::secret_key, aes, false);
        REQUIRE(k);
        set_key_origin(*k, origin::generate, mechanism_type::aes_key_gen);
        CHECK(k->flag(A::local));
        CHECK(k->ulong(A::key_gen_mechanism) == static_cast<ck_ulong>(mechanism_type::aes_key_gen));
        CHECK(k->flag(A::always_sensitive));
        CHECK(k->flag(A::never_extractable));
        set_key_origin(*k, origin::unwrap, mechanism_type::aes_cbc_pad);
        CHECK_FALSE(k->flag(A::local));
        CHECK(k->ulong(A::key_gen_mechanism) == ~ck_ulong{0});
        CHECK_FALSE(k->flag(A::always_sensitive));
    }
}

TEST_CASE("apply_changes(): set versus copy", "[whitebox][rules]") {
    attribute_set a;
    a.set_ulong(A::cls, static_cast<ck_ulong>(object_class::data));
    a.set_bool(A::token, false);
    a.set_bool(A::modifiable, false);
    a.set(A::label, bytes_view{});
    const object obj(a);
    abi::CK_BBOOL yes = 1, no = 0;
    abi::CK_ATTRIBUTE to_token[] = {ck_attr(A::token, yes)};
    auto v = parse_template(to_token, 1);
    CHECK(apply_changes(obj, *v, change::set, false).code() == rv::action_prohibited);
    CHECK(apply_changes(obj, *v, change::copy, false).code() == rv::ok);
    abi::CK_ATTRIBUTE raise[] = {ck_attr(A::modifiable, yes)};
    auto v2 = parse_template(raise, 1);
    CHECK(apply_changes(obj, *v2, change::copy, false).code() == rv::attribute_read_only);
    abi::CK_ATTRIBUTE keep[] = {ck_attr(A::modifiable, no)};
    auto v3 = parse_template(keep, 1);
    CHECK(apply_changes(obj, *v3, change::copy, false).code() == rv::ok);
    // An empty change of an unmodifiable object is no change.
    auto none = parse_template(nullptr, 0);
    CHECK(apply_changes(obj, *none, change::set, false).code() == rv::ok);
}

TEST_CASE("attribute_set: typed access and the stored form", "[whitebox][attributes]") {
    attribute_set s;
    s.set_ulong(A::cls, 3);
    s.set_bool(A::token, true);
    const byte label[] = {'k', 'e', 'y'};
    s.set(A::label, label);
    s.set(A::label, label);  // replaces
    CHECK(s.size() == 3);
    CHECK(s.ulong(A::cls) == 3u);
    CHECK(s.flag(A::token));
    CHECK(s.flag(A::private_, true));  // absent: the fallback
    secure_bytes stored;
    s.serialize(stored);
    auto back = attribute_set::deserialize(stored);
    REQUIRE(back);
    CHECK(back->size() == 3);
    CHECK(back->get(A::label)->size() == 3);
    // Damaged records are refused.
    CHECK_FALSE(attribute_set::deserialize(bytes_view{stored.data(), stored.size() - 1}));
    secure_bytes twice = stored;
    twice.insert(twice.end(), stored.begin(), stored.end());
    CHECK_FALSE(attribute_set::deserialize(twice));
    CHECK(attribute_set::deserialize(bytes_view{})->empty());
}

TEST_CASE("Runtime: closing the last session logs out, handles are fresh", "[whitebox][runtime]") {
    static const module_config cfg = p11mock::module_config_for(profiles::v2_40, false);
    const auto* saved = registered_module();
    registered_module() = &cfg;
    p11mock_reset();
    REQUIRE(api::C_Initialize(nullptr) == rv::ok);
    auto rt = live_runtime();
    REQUIRE(rt);
    abi::CK_SESSION_HANDLE a = 0, b = 0;
    const auto flags = static_cast<abi::CK_FLAGS>(session_flags::serial_session | session_flags::rw_session);
    REQUIRE(api::C_OpenSession(p11mock::fixed_slot, flags, nullptr, nullptr, &a) == rv::ok);
    REQUIRE(api::C_OpenSession(p11mock::fixed_slot, flags, nullptr, nullptr, &b) == rv::ok);
    CHECK(b > a);
    auto pin = const_cast<abi::CK_UTF8CHAR*>(reinterpret_cast<const abi::CK_UTF8CHAR*>(p11mock::user_pin.data()));
    REQUIRE(api::C_Login(a, 1, pin, p11mock::user_pin.size()) == rv::ok);
    CHECK(rt->login_of(p11mock::fixed_slot) == login_state::user);
    REQUIRE(api::C_CloseSession(a) == rv::ok);
    CHECK(rt->login_of(p11mock::fixed_slot) == login_state::user);
    REQUIRE(api::C_CloseSession(b) == rv::ok);
    CHECK(rt->login_of(p11mock::fixed_slot) == login_state::nobody);
    CHECK(p11mock_counter(p11mock::c_logout) == 1);
    REQUIRE(api::C_Finalize(nullptr) == rv::ok);
    CHECK_FALSE(live_runtime());
    registered_module() = saved;
}

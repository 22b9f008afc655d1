// C_Initialize once per process, C_Finalize when the last user lets go
// (p11/client/module.hpp), against libp11forge.so and SoftHSMv2.  Whether
// the module is initialised is asked behind the wrapper's back, through our
// own dlopen() handle: C_GetInfo answers CKR_CRYPTOKI_NOT_INITIALIZED only
// after C_Finalize.
#include <optional>

#include "modules.hpp"

using namespace ct;

namespace {

// The module as any other part of the process sees it.
class bystander {
public:
    explicit bystander(const module_under_test& m) {
        keep_mapped(m.path);
        handle_ = ::dlopen(m.path.c_str(), RTLD_NOW | RTLD_LOCAL);
        REQUIRE(handle_ != nullptr);
        auto get = reinterpret_cast<abi::CK_RV (*)(abi::CK_FUNCTION_LIST_PTR_PTR)>(::dlsym(handle_, "C_GetFunctionList"));
        REQUIRE(get != nullptr);
        REQUIRE(get(&list_) == 0);
    }
    bystander(const bystander&) = delete;
    bystander& operator=(const bystander&) = delete;
    ~bystander() { ::dlclose(handle_); }

    [[nodiscard]] bool initialized() const {
        abi::CK_INFO info{};
        const auto r = static_cast<rv>(list_->C_GetInfo(&info));
        if (r != rv::ok) CHECK(r == rv::cryptoki_not_initialized);
        return r == rv::ok;
    }
    [[nodiscard]] rv initialize() const {
        abi::CK_C_INITIALIZE_ARGS args{};
        args.flags = static_cast<abi::CK_FLAGS>(init_flags::os_locking_ok);
        return static_cast<rv>(list_->C_Initialize(&args));
    }
    [[nodiscard]] rv finalize() const { return static_cast<rv>(list_->C_Finalize(nullptr)); }

private:
    void* handle_ = nullptr;
    abi::CK_FUNCTION_LIST_PTR list_ = nullptr;
};

const std::string label = "finalize";

// The module still answers through this user: a session, a search, the token.
void still_works(const client::module& m) {
    CHECK(m.info());
    auto s = must(m.open_session(slot_of(m, label)), "C_OpenSession");
    CHECK(s.get_info());
    CHECK(s.search({}).error() == rv::ok);
}

// Whatever a failed check left behind, the next run starts from nothing.
struct finalize_at_exit {
    const bystander& other;
    ~finalize_at_exit() { static_cast<void>(other.finalize()); }  // CKR_CRYPTOKI_NOT_INITIALIZED when all went well
};

} // namespace

TEST_CASE("modules: C_Finalize when the last user goes", "[finalize]") {
    const auto mod = GENERATE(from_range(modules()));
    INFO(mod.name);
    if (!present(mod)) return;
    scratch_dir dir;
    bystander other(mod);
    static_cast<void>(init_token(load(mod), label));
    REQUIRE_FALSE(other.initialized());
    const finalize_at_exit cleanup{other};

    SECTION("two loads of one path: the first going leaves the second working") {
        std::optional<client::module> first = load(mod);
        auto second = load(mod);
        CHECK(other.initialized());
        auto session = must(second.open_session(slot_of(second, label)), "C_OpenSession");
        first.reset();
        CHECK(other.initialized());
        still_works(second);
        CHECK(session.get_info());
        // A session keeps its module: letting go of the object is not the last user going.
        second.reset();
        CHECK(other.initialized());
        CHECK(session.get_info());
        session = client::session{};
        CHECK_FALSE(other.initialized());
        // And a fresh load initialises again.
        auto third = load(mod);
        CHECK(other.initialized());
        still_works(third);
        third.reset();
        CHECK_FALSE(other.initialized());
    }

    SECTION("the other order") {
        auto first = load(mod);
        std::optional<client::module> second = load(mod);
        second.reset();
        CHECK(other.initialized());
        still_works(first);
        first.reset();
        CHECK_FALSE(other.initialized());
    }

    SECTION("copies and moves share one user") {
        auto a = load(mod);
        auto b = std::move(a);
        a.reset();  // moved from: owns nothing
        CHECK(other.initialized());
        {
            const auto c = b;  // NOLINT(performance-unnecessary-copy-initialization): the copy is the point
            b.reset();
            CHECK(other.initialized());
            still_works(c);
        }
        CHECK_FALSE(other.initialized());
    }

    SECTION("CKR_CRYPTOKI_ALREADY_INITIALIZED: someone else's module is used and never finalised") {
        REQUIRE(other.initialize() == rv::ok);
        {
            auto a = load(mod);
            auto b = load(mod);
            a.reset();
            still_works(b);
        }
        CHECK(other.initialized());
        CHECK(other.finalize() == rv::ok);
        CHECK_FALSE(other.initialized());
    }

    SECTION("our initialisation is ours: another C_Initialize is refused while we hold it") {
        auto a = load(mod);
        CHECK(other.initialize() == rv::cryptoki_already_initialized);
        still_works(a);
        a.reset();
        CHECK_FALSE(other.initialized());
    }
}

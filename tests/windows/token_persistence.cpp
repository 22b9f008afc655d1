// The software token of p11forge.dll persists across processes, under wine:
// `token-persistence MODULE` starts itself twice (CreateProcessW), a writer
// (C_InitToken, C_InitPIN, a token object) and then a reader (the label,
// C_Login with the user PIN, the object found), each loading the DLL afresh
// on one fresh token directory under %TEMP%.
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "p11/client/session.hpp"

#include "windows_api.hpp"

using namespace p11;

namespace {

int fail(const char* what, rv code) {
    std::fprintf(stderr, "FAIL: %s: %s\n", what, to_string(code).data());
    return 1;
}

int writer(const std::string& path) {
    auto m = client::module::load(path);
    if (!m) return fail("load", m.code());
    if (auto r = m->init_token(0, "so-pin-1", "persisted"); !r) return fail("C_InitToken", r.code());
    {
        auto so = m->open_session(0, true);
        if (!so) return fail("C_OpenSession", so.code());
        auto login = so->login(user_type::so, "so-pin-1");
        if (!login) return fail("C_Login(SO)", login.code());
        if (auto r = so->init_pin("1234"); !r) return fail("C_InitPIN", r.code());
    }
    auto s = m->open_session(0, true);
    if (!s) return fail("C_OpenSession", s.code());
    auto login = s->login(user_type::user, "1234");
    if (!login) return fail("C_Login(USER)", login.code());
    auto h = s->create({attr::cls = object_class::data, attr::token = true, attr::private_ = true, attr::label = "kept"});
    if (!h) return fail("C_CreateObject", h.code());
    std::printf("writer: token initialised, private object created\n");
    return 0;
}

int reader(const std::string& path) {
    auto m = client::module::load(path);
    if (!m) return fail("load", m.code());
    auto t = m->token(0);
    if (!t) return fail("C_GetTokenInfo", t.code());
    if (t->label != "persisted") return std::fprintf(stderr, "FAIL: label \"%s\"\n", t->label.c_str()), 1;
    auto s = m->open_session(0, false);
    if (!s) return fail("C_OpenSession", s.code());
    auto login = s->login(user_type::user, "1234");
    if (!login) return fail("C_Login(USER)", login.code());
    auto found = s->find({attr::label = "kept"});
    if (!found) return fail("C_FindObjects", found.code());
    if (found->size() != 1) return std::fprintf(stderr, "FAIL: %zu objects labelled kept\n", found->size()), 1;
    std::printf("reader: label \"persisted\", user PIN accepted, 1 private object\n");
    return 0;
}

int run_self(const std::wstring& args) {
    wchar_t self[32768];
    if (::GetModuleFileNameW(nullptr, self, 32768) == 0) return -1;
    std::wstring line = L"\"" + std::wstring(self) + L"\" " + args;
    STARTUPINFOW si{};
    si.cb = sizeof si;
    PROCESS_INFORMATION pi{};
    if (!::CreateProcessW(self, line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &si, &pi)) return -1;
    ::WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 1;
    ::GetExitCodeProcess(pi.hProcess, &code);
    ::CloseHandle(pi.hThread);
    ::CloseHandle(pi.hProcess);
    return static_cast<int>(code);
}

} // namespace

int wmain(int argc, wchar_t** argv) {
    if (argc == 4) {
        // A child: the token directory, the module, the role.
        ::_wputenv_s(L"P11FORGE_TOKEN_DIR", argv[1]);
        ::_wputenv_s(L"P11FORGE_CONF", L"NUL");
        const std::string module = std::filesystem::path(argv[2]).string();
        return std::wstring(argv[3]) == L"write" ? writer(module) : reader(module);
    }
    if (argc != 2) return std::fprintf(stderr, "usage: token-persistence MODULE\n"), 2;
    const auto dir = std::filesystem::temp_directory_path() / ("p11forge-persist-" + std::to_string(std::random_device{}()));
    const std::wstring common = L"\"" + dir.wstring() + L"\" \"" + std::wstring(argv[1]) + L"\" ";
    const int w = run_self(common + L"write");
    const int r = w == 0 ? run_self(common + L"read") : 1;
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return w == 0 && r == 0 ? 0 : 1;
}

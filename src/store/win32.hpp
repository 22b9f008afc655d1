// What the Windows implementations of the store's file layer share
// (file_io_windows.cpp, lock_file_windows.cpp, generation_view_windows.cpp).
// <windows.h> is included here, after the p11 headers, and only by those
// files: its CreateMutex macro must not meet CK_C_INITIALIZE_ARGS's field.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "p11/result.hpp"
#include "store/file_io.hpp"

#include "windows_api.hpp"
#include <io.h>

namespace p11::store::detail {

// The CKR for a failed Win32 call (GetLastError()).
[[nodiscard]] rv rv_from_win32(DWORD err) noexcept;
// The path a directory descriptor stands for (file_io.hpp); empty if none.
[[nodiscard]] std::filesystem::path directory_path(int dirfd);
// `name` in the directory.
[[nodiscard]] std::filesystem::path path_in(int dirfd, const std::string& name);
// The handle under a CRT descriptor of ours.
[[nodiscard]] inline HANDLE handle_of(int fd) noexcept { return reinterpret_cast<HANDLE>(::_get_osfhandle(fd)); }
// A CRT descriptor owning a CreateFileW handle opened with every share mode
// (readers, writers and the replacer never stop each other); nullopt-like
// invalid unique_fd with GetLastError() set on failure.
[[nodiscard]] unique_fd open_shared(const std::filesystem::path& path, DWORD access, DWORD disposition,
                                    DWORD flags = FILE_ATTRIBUTE_NORMAL);
// The identity of the file open as `h`: volume serial number, file index, size, times.
[[nodiscard]] bool signature_of(HANDLE h, file_signature& out) noexcept;

} // namespace p11::store::detail

// Where the software token lives.  The embedded default needs no setup:
//   1. $P11FORGE_TOKEN_DIR, if set;
//   2. `token_dir = PATH` in the config file ($P11FORGE_CONF, else
//      $XDG_CONFIG_HOME/p11forge/p11forge.conf, else ~/.config/p11forge/p11forge.conf);
//   3. $XDG_DATA_HOME/p11forge/token, else ~/.local/share/p11forge/token.
// Windows: the config file %APPDATA%\p11forge\p11forge.conf and the token
// %LOCALAPPDATA%\p11forge\token (each under %USERPROFILE%\AppData when the
// variable is unset); the environment is read as UTF-16, so any user name works.
#pragma once

#include <filesystem>
#include <optional>

namespace p11::module {

struct settings {
    std::filesystem::path token_dir;
    // PBKDF2 iterations for PIN-derived keys (config file `kdf_iterations`).
    std::optional<unsigned> kdf_iterations;
    // Whether PC/SC readers become slots (config file `pcsc = yes|no`).
    bool pcsc = true;
};

[[nodiscard]] settings load_settings();

} // namespace p11::module

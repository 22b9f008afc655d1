# Shared by the card tests that run GnuPG (sourced): its programs, and private GNUPGHOMEs whose
# scdaemon talks to one reader of the rig.

# need_gnupg: exits 77 (skipped, with the reason) without gpg, gpg-agent, gpgconf or scdaemon.
need_gnupg() {
    local tool scd
    for tool in gpg gpg-agent gpgconf; do
        command -v $tool >/dev/null || { echo "SKIP: $tool missing (gnupg: sh scripts/deps.sh)"; exit 77; }
    done
    scd=$(gpgconf --list-components 2>/dev/null | sed -n 's/^scdaemon:[^:]*://p')
    [ -x "$scd" ] || { echo "SKIP: scdaemon missing (sh scripts/deps.sh)"; exit 77; }
}

# gpg_home N READER: a private GNUPGHOME ($work/homeN) for one card.  scdaemon talks to pcscd
# itself (disable-ccid: its own USB driver would not see vpcd's readers) through
# libpcsclite.so.1 (the library name, not the -dev symlink Debian does not install) and only to
# READER (a prefix of the PC/SC reader name).
homes=()
gpg_home() {
    local home=$work/home$1
    mkdir -m 700 -p "$home"
    printf 'disable-ccid\npcsc-driver libpcsclite.so.1\nreader-port %s\nlog-file %s/scdaemon.log\ndebug-level basic\n' \
        "$2" "$home" >"$home/scdaemon.conf"
    # Loopback: the PIN comes from --passphrase, no pinentry program runs.
    printf 'allow-loopback-pinentry\n' >"$home/gpg-agent.conf"
    homes+=("$home")
}
# gpg-agent and scdaemon are daemons started on demand: stop them whatever happens.
stop_daemons() {
    local home
    for home in "${homes[@]}"; do GNUPGHOME=$home gpgconf --kill all 2>/dev/null; done
}
trap stop_daemons EXIT

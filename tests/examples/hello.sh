#!/bin/bash
# The hello module (examples/provider/hello.cpp) as pkcs11-tool sees it:
# its one token, its one data object and the object's value, and that it
# refuses to be written to.
. "$(dirname "$0")/../clients/lib.sh"
p11_setup "$1" provider

lists_token() {
    p11_run pkcs11-tool --module "$P11_MODULE" --list-slots
    p11_expect 'token label *: hello$' "the hello token is not listed"
    p11_expect 'token flags *:.*readonly' "the token does not say it is read-only"
}
lists_object() {
    p11_run pkcs11-tool --module "$P11_MODULE" --list-objects --type data
    p11_expect "label: *'greeting'" "the data object is not listed"
    p11_expect "application: *'hello'" "the object's CKA_APPLICATION is not listed"
}
reads_value() {
    p11_run pkcs11-tool --module "$P11_MODULE" --read-object --type data --label greeting
    p11_expect '^Hello, world$' "the object's value is not read back"
}
refuses_writes() {
    printf 'x' >"$P11_TMP/x"
    p11_run_fails pkcs11-tool --module "$P11_MODULE" --write-object "$P11_TMP/x" --type data --label another
    p11_expect 'CKR_TOKEN_WRITE_PROTECTED' "a write was not refused as write-protected"
}

p11_check lists-token "the token is listed, flagged read-only" lists_token
p11_check lists-object "the data object is listed with its label and application" lists_object
p11_check reads-value "its CKA_VALUE reads back" reads_value
p11_check refuses-writes "C_CreateObject is refused with CKR_TOKEN_WRITE_PROTECTED" refuses_writes
p11_finish

// <windows.h> for the parts of src/ that call Windows directly (the store's
// file layer, winscard.dll), without its min/max macros and rarely used
// parts.  Include it after the p11 headers: its CreateMutex macro must not
// meet CK_C_INITIALIZE_ARGS's field before that is declared.
#pragma once

#if defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#endif

# The flags every firmware build here uses (sourced by the scripts beside it):
# a Cortex-M4 without exceptions or RTTI, each function and object in its own
# section so that the linker drops what the program does not use.
fw_cxxflags="-mcpu=cortex-m4 -mthumb -std=c++20 -Os -fno-exceptions -fno-rtti
    -ffunction-sections -fdata-sections -Wall -Wextra -Werror"
# What firmware lacks or must not carry, as symbol names in nm's output.
fw_forbidden='__cxa_|__gxx_personality|_Unwind|__throw_|malloc|_Znw|_Zna|_ZTI|_ZTS'

# Targets opt in to the project's warnings with keybench_warnings / keybench_c_warnings.
# The project's scripts and CI configure with KEYBENCH_WERROR=ON, where every warning is an error.
# A plain configure leaves it off: a user's newer compiler may warn about something new, and that
# must not stop the build.
option(KEYBENCH_WERROR "Treat compiler warnings as errors (on in tools/*.sh and CI)" OFF)
set(keybench_werror_flag "")
if(KEYBENCH_WERROR)
  set(keybench_werror_flag -Werror)
endif()

add_library(keybench_warnings INTERFACE)
target_compile_options(keybench_warnings INTERFACE
  -Wall -Wextra -Wpedantic ${keybench_werror_flag} -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough)
# C sources share the list minus the C++-only flags.
add_library(keybench_c_warnings INTERFACE)
target_compile_options(keybench_c_warnings INTERFACE -Wall -Wextra -Wpedantic ${keybench_werror_flag} -Wshadow)

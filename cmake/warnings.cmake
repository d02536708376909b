# Warnings are errors everywhere in the project. Targets opt in with keybench_warnings(target).
add_library(keybench_warnings INTERFACE)
target_compile_options(keybench_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough)
# C sources share the list minus the C++-only flags.
add_library(keybench_c_warnings INTERFACE)
target_compile_options(keybench_c_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror -Wshadow)

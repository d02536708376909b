# Installs the libraries, their headers, a CMake package (find_package(keybench CONFIG)) and a
# pkg-config file for the C ABI. Included from the top CMakeLists once every target exists.
include(CMakePackageConfigHelpers)

set(KEYBENCH_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/keybench)

set(KEYBENCH_INSTALLED_TARGETS
  keybench_hal keybench_core keybench_firmware keybench_simulator keybench_sim keybench_sim_static)
# Backends and host glue: exported whenever they are defined, placeholders (INTERFACE) included,
# so a consumer's target list does not change when a backend lands.
foreach(optional IN ITEMS keybench_hal_sim keybench_hal_linux keybench_crypto_openssl keybench_hal_host
                          keybench_hal_remote)
  if(TARGET ${optional})
    list(APPEND KEYBENCH_INSTALLED_TARGETS ${optional})
    get_target_property(export_name ${optional} EXPORT_NAME)
    if(NOT export_name)
      string(REGEX REPLACE "^keybench_" "" export_name ${optional})
      set_target_properties(${optional} PROPERTIES EXPORT_NAME ${export_name})
    endif()
  endif()
endforeach()

# Static libraries carry their private link dependencies into the export ($<LINK_ONLY:...>), so
# the warning-flag targets must be exported too. Their flags are for this tree only: the
# installed copies are empty, and consumers' code is never compiled with our -Werror.
foreach(flags_target IN ITEMS keybench_warnings keybench_c_warnings)
  get_target_property(flags ${flags_target} INTERFACE_COMPILE_OPTIONS)
  set_target_properties(${flags_target} PROPERTIES INTERFACE_COMPILE_OPTIONS "$<BUILD_INTERFACE:${flags}>")
endforeach()
set_target_properties(keybench_warnings PROPERTIES EXPORT_NAME warnings)
set_target_properties(keybench_c_warnings PROPERTIES EXPORT_NAME c_warnings)

install(TARGETS ${KEYBENCH_INSTALLED_TARGETS} keybench_warnings keybench_c_warnings
  EXPORT keybenchTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# C++ headers keep their repo-relative paths under include/keybench, matching the libraries'
# INSTALL_INTERFACE include directory, so `#include "core/status.h"` works installed too.
foreach(tree IN ITEMS hal core firmware simulator)
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/${tree}/*.h)
  list(FILTER headers EXCLUDE REGEX "^simulator/capi/")
  foreach(header IN LISTS headers)
    get_filename_component(dir ${header} DIRECTORY)
    install(FILES ${PROJECT_SOURCE_DIR}/${header} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/keybench/${dir})
  endforeach()
endforeach()
# The C ABI header is what C users include as <keybench/keybench.h>.
install(FILES ${PROJECT_SOURCE_DIR}/simulator/capi/include/keybench/keybench.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/keybench)

install(EXPORT keybenchTargets NAMESPACE keybench:: DESTINATION ${KEYBENCH_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/keybenchConfig.cmake.in
  ${PROJECT_BINARY_DIR}/keybenchConfig.cmake
  INSTALL_DESTINATION ${KEYBENCH_INSTALL_CMAKEDIR})
# Until 1.0 a minor release may change the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/keybenchConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/keybenchConfig.cmake ${PROJECT_BINARY_DIR}/keybenchConfigVersion.cmake
  DESTINATION ${KEYBENCH_INSTALL_CMAKEDIR})

# The .pc file finds its prefix from its own location, so `cmake --install --prefix` and a moved
# install tree both work. Absolute install dirs cannot move with the prefix and are kept as given.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(KEYBENCH_PC_PREFIX ${CMAKE_INSTALL_PREFIX})
  set(KEYBENCH_PC_LIBDIR ${CMAKE_INSTALL_FULL_LIBDIR})
  set(KEYBENCH_PC_INCLUDEDIR ${CMAKE_INSTALL_FULL_INCLUDEDIR})
else()
  file(RELATIVE_PATH pc_to_prefix /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
  string(REGEX REPLACE "/$" "" pc_to_prefix ${pc_to_prefix})
  set(KEYBENCH_PC_PREFIX "\${pcfiledir}/${pc_to_prefix}")
  set(KEYBENCH_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(KEYBENCH_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/keybench-sim.pc.in ${PROJECT_BINARY_DIR}/keybench-sim.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/keybench-sim.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

if(KEYBENCH_TESTS)
  # Installs this build into a scratch prefix and builds a consumer project against it. A
  # sanitized keybench needs the sanitizer runtimes in the consumer's link as well.
  set(consumer_flags "")
  set(consumer_link_flags "")
  if(KEYBENCH_SANITIZE OR KEYBENCH_FUZZ)
    set(consumer_flags "-fsanitize=address,undefined")
  endif()
  if(KEYBENCH_FUZZ)
    # clang's C driver links only the C half of the UBSan runtime; the library's C++ needs the rest.
    set(consumer_link_flags "-fsanitize-link-c++-runtime -lstdc++")
  endif()
  add_test(NAME install_consumer
    COMMAND ${CMAKE_COMMAND}
      -DKEYBENCH_BUILD_DIR=${PROJECT_BINARY_DIR}
      -DCONSUMER_SOURCE_DIR=${PROJECT_SOURCE_DIR}/tests/install/consumer
      -DWORK_DIR=${PROJECT_BINARY_DIR}/tests/install
      -DGENERATOR=${CMAKE_GENERATOR}
      -DC_COMPILER=${CMAKE_C_COMPILER}
      -DCXX_COMPILER=${CMAKE_CXX_COMPILER}
      -DCONSUMER_FLAGS=${consumer_flags}
      "-DCONSUMER_LINK_FLAGS=${consumer_link_flags}"
      -P ${PROJECT_SOURCE_DIR}/tests/install/run_install_consumer.cmake)
  set_tests_properties(install_consumer PROPERTIES TIMEOUT 120 LABELS install)
endif()

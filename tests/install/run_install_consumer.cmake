# Run by ctest (install_consumer): installs the keybench build into a scratch prefix, then
# configures, builds and runs tests/install/consumer against that prefix only.
foreach(var KEYBENCH_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR GENERATOR C_COMPILER CXX_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_install_consumer.cmake needs -D${var}=...")
  endif()
endforeach()

set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/consumer-build)
file(REMOVE_RECURSE ${WORK_DIR})

function(step name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "install_consumer: ${name} failed (${rc}):\n${out}")
  endif()
  message(STATUS "install_consumer: ${name}: ok")
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

step("install" ${CMAKE_COMMAND} --install ${KEYBENCH_BUILD_DIR} --prefix ${prefix})
# The scratch prefix is searched before system paths and the package registries are off; the
# cache check below proves the package really came from the scratch prefix.
step("configure consumer" ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${build} -G ${GENERATOR}
  -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  "-DCMAKE_C_FLAGS=${CONSUMER_FLAGS}" "-DCMAKE_CXX_FLAGS=${CONSUMER_FLAGS}"
  "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_FLAGS} ${CONSUMER_LINK_FLAGS}"
  -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
file(STRINGS ${build}/CMakeCache.txt found_dir REGEX "^keybench_DIR:")
string(FIND "${found_dir}" "=${prefix}/" at)
if(at EQUAL -1)
  message(FATAL_ERROR "install_consumer: keybench was found outside the scratch prefix: ${found_dir}")
endif()
step("build consumer" ${CMAKE_COMMAND} --build ${build} -j 2)
foreach(program consumer_c_shared consumer_c_static consumer_c_pkgconfig consumer_cxx)
  step("run ${program}" ${build}/${program})
  message(STATUS "  ${step_output}")
endforeach()

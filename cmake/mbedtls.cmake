# Mbed TLS 2.28 LTS, built from source for keybench's PSA Crypto core (KEYBENCH_PSA): the real
# PSA key store, its secure-element driver interface and its CSR writer. Debian's binary package
# is built without MBEDTLS_PSA_CRYPTO_SE_C, so tools/setup-debian.sh fetches Debian's source
# package (apt-get source mbedtls) into ${KEYBENCH_CACHE_DIR:-~/.cache/keybench}/mbedtls-2.28, and
# this file compiles its library/ with keybench's config header (third_party/mbedtls_config). Any
# other Mbed TLS 2.28 source tree works too: -DKEYBENCH_MBEDTLS_SOURCE_DIR=/path/to/mbedtls-2.28.x.
#
# KEYBENCH_PSA: AUTO (default) builds the PSA parts when the tree is there and leaves them out with
# a note otherwise; ON insists (a missing or wrong tree is a configure error); OFF leaves them out.
#
# Mbed TLS's own CMakeLists is not used: it would install its libraries and headers with keybench's
# (cmake --install), add its tests and programs, and set -Werror and its own optimisation flags
# (MBEDTLS_FATAL_WARNINGS). Its sources get none of keybench's warning flags either, so a newer
# compiler's warnings about them never stop a KEYBENCH_WERROR build.
if(DEFINED ENV{KEYBENCH_CACHE_DIR} AND NOT "$ENV{KEYBENCH_CACHE_DIR}" STREQUAL "")
  set(keybench_cache_dir "$ENV{KEYBENCH_CACHE_DIR}")
elseif(DEFINED ENV{HOME} AND NOT "$ENV{HOME}" STREQUAL "")
  set(keybench_cache_dir "$ENV{HOME}/.cache/keybench")
else()
  # As tools/setup-debian.sh: ${HOME:-/root}.
  set(keybench_cache_dir "/root/.cache/keybench")
endif()
set(KEYBENCH_MBEDTLS_DEFAULT_SOURCE_DIR "${keybench_cache_dir}/mbedtls-2.28")
set(KEYBENCH_MBEDTLS_SOURCE_DIR "" CACHE PATH
  "Mbed TLS 2.28 source tree (default: ${KEYBENCH_MBEDTLS_DEFAULT_SOURCE_DIR}, where tools/setup-debian.sh puts it)")
set(KEYBENCH_PSA AUTO CACHE STRING "PSA Crypto on Mbed TLS 2.28: AUTO (when the source tree is present), ON or OFF")
set_property(CACHE KEYBENCH_PSA PROPERTY STRINGS AUTO ON OFF)

set(keybench_mbedtls_hint "Run tools/setup-debian.sh (it fetches Debian's mbedtls 2.28 source package into \
${KEYBENCH_MBEDTLS_DEFAULT_SOURCE_DIR}), or pass -DKEYBENCH_MBEDTLS_SOURCE_DIR=/path/to/mbedtls-2.28.x, or \
-DKEYBENCH_PSA=OFF to build without the PSA parts.")

if(KEYBENCH_MBEDTLS_SOURCE_DIR)
  set(keybench_mbedtls_dir "${KEYBENCH_MBEDTLS_SOURCE_DIR}")
  set(keybench_mbedtls_explicit TRUE)
else()
  set(keybench_mbedtls_dir "${KEYBENCH_MBEDTLS_DEFAULT_SOURCE_DIR}")
  set(keybench_mbedtls_explicit FALSE)
endif()

string(TOUPPER "${KEYBENCH_PSA}" keybench_psa_mode)
if(NOT keybench_psa_mode MATCHES "^(AUTO|ON|OFF|TRUE|FALSE|YES|NO|1|0)$")
  message(FATAL_ERROR "KEYBENCH_PSA=${KEYBENCH_PSA}: expected AUTO, ON or OFF")
endif()
set(KEYBENCH_PSA_ENABLED OFF)
if(keybench_psa_mode STREQUAL "AUTO")
  if(keybench_mbedtls_explicit OR EXISTS "${keybench_mbedtls_dir}/library/psa_crypto_se.c")
    set(keybench_psa_want ON)
  else()
    set(keybench_psa_want OFF)
    message(STATUS "keybench: PSA parts off: no Mbed TLS 2.28 source tree at ${keybench_mbedtls_dir}. "
      "${keybench_mbedtls_hint}")
  endif()
elseif(keybench_psa_mode MATCHES "^(ON|TRUE|YES|1)$")
  set(keybench_psa_want ON)
else()
  set(keybench_psa_want OFF)
endif()

if(keybench_psa_want)
  set(keybench_version_h "${keybench_mbedtls_dir}/include/mbedtls/version.h")
  if(NOT EXISTS "${keybench_version_h}" OR NOT EXISTS "${keybench_mbedtls_dir}/library/psa_crypto_se.c")
    message(FATAL_ERROR "keybench: ${keybench_mbedtls_dir} is not an Mbed TLS source tree (no "
      "include/mbedtls/version.h or library/psa_crypto_se.c). ${keybench_mbedtls_hint}")
  endif()
  file(STRINGS "${keybench_version_h}" keybench_version_line REGEX "^#define MBEDTLS_VERSION_STRING ")
  string(REGEX MATCH "\"([0-9.]+)\"" _ "${keybench_version_line}")
  set(KEYBENCH_MBEDTLS_VERSION "${CMAKE_MATCH_1}")
  if(NOT KEYBENCH_MBEDTLS_VERSION MATCHES "^2\\.28\\.")
    message(FATAL_ERROR "keybench: ${keybench_mbedtls_dir} holds Mbed TLS '${KEYBENCH_MBEDTLS_VERSION}', not 2.28.x "
      "(the PSA secure-element interface keybench drives is that of the 2.28 LTS). ${keybench_mbedtls_hint}")
  endif()
  set(KEYBENCH_PSA_ENABLED ON)
  message(STATUS "keybench: PSA Crypto on Mbed TLS ${KEYBENCH_MBEDTLS_VERSION} from ${keybench_mbedtls_dir}")

  file(GLOB keybench_mbedtls_sources "${keybench_mbedtls_dir}/library/*.c")
  # Neither the file-based ITS (keybench's core/psa provides psa_its_*) nor the TLS layer.
  list(FILTER keybench_mbedtls_sources EXCLUDE REGEX "/(psa_its_file|ssl_[a-z0-9_]*|net_sockets|timing)\\.c$")
  add_library(keybench_mbedtls STATIC ${keybench_mbedtls_sources})
  # SYSTEM: keybench's own warnings (-Wold-style-cast, -Wpedantic) do not apply to Mbed TLS's headers.
  target_include_directories(keybench_mbedtls SYSTEM PUBLIC "${keybench_mbedtls_dir}/include"
    "${PROJECT_SOURCE_DIR}/third_party/mbedtls_config")
  target_include_directories(keybench_mbedtls PRIVATE "${keybench_mbedtls_dir}/library")
  target_compile_definitions(keybench_mbedtls PUBLIC "MBEDTLS_CONFIG_FILE=\"keybench_mbedtls_config.h\"")
  set_target_properties(keybench_mbedtls PROPERTIES C_STANDARD 99 C_EXTENSIONS ON)
endif()

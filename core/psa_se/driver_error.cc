#include "core/psa_se/driver_error.h"

#include <cstdio>

namespace kb::core::psa_se {

const char* describe_driver_error(const char* chip, const char* command, const Status& error, char* out,
                                  size_t out_len) {
  if (out_len == 0) return out;
  out[0] = '\0';
  if (error.ok()) return out;
  char detail[128];
  error.describe(detail, sizeof detail);
  std::snprintf(out, out_len, "%s %s: %s", chip, command, detail);
  return out;
}

}  // namespace kb::core::psa_se

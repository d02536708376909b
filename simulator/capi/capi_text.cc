#include <cstdio>

#include "simulator/capi/capi_bench_handle.h"

namespace kb::capi {

void write_line(char* out, size_t out_len, std::string_view text) {
  if (out == nullptr || out_len == 0) return;
  size_t n = text.size() < out_len - 1 ? text.size() : out_len - 1;
  for (size_t i = 0; i < n; ++i) {
    // Callers print err as one line; a parser message with embedded newlines must not break that.
    char c = text[i];
    out[i] = (c == '\n' || c == '\r') ? ' ' : c;
  }
  out[n] = '\0';
}

const char* last_error_text(const kb_bench& b) {
  const kb_bench::BusError& e = b.pending_bus_error;
  if (e.function != nullptr) {
    std::snprintf(b.last_error, sizeof b.last_error, "%s: 0x%02X: %s", e.function, e.address7,
                  kb::sim::bus_outcome_name(e.outcome));
    b.pending_bus_error.function = nullptr;
  }
  return b.last_error;
}

}  // namespace kb::capi

extern "C" {

const char* kb_strerror(int code) {
  switch (code) {
    case KB_OK: return "ok";
    case KB_ERR_ADDRESS_NACK: return "address NACK";
    case KB_ERR_DATA_NACK: return "data NACK";
    case KB_ERR_BUS: return "bus error";
    case KB_ERR_TIMEOUT: return "bus timeout";
    case KB_ERR_ARGUMENT: return "invalid argument";
    case KB_ERR_IO: return "file I/O error";
    case KB_ERR_STATE: return "state rejected or simulator failure";
    case KB_ERR_FAULT_PLAN: return "fault plan rejected";
    case KB_ERR_REMOTE: return "served bench unreachable or request refused";
    default: return "unknown keybench error code";
  }
}

const char* kb_version(void) {
  return KB_VERSION_STRING;
}

const char* kb_bench_last_error(const kb_bench* bench) {
  return bench == nullptr ? "no bench" : kb::capi::last_error_text(*bench);
}

}  // extern "C"

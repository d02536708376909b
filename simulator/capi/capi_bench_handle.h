#pragma once
// What a kb_bench handle is on the C++ side, and the guard that keeps C++ exceptions from ever
// unwinding into C callers.
#include <cstddef>
#include <exception>
#include <memory>
#include <string_view>

#include "keybench/keybench.h"
#include "simulator/bench/bench.h"

struct kb_bench {
  std::unique_ptr<kb::sim::Bench> bench;
  // Fixed storage so recording a NACK in a polling loop never allocates.
  char last_error[256] = {};
};

namespace kb::capi {

// Copies text into a caller's buffer as a single NUL-terminated line, truncating to fit.
void write_line(char* out, size_t out_len, std::string_view text);

inline void clear_error(kb_bench& b) {
  b.last_error[0] = '\0';
}
inline void set_error(kb_bench& b, std::string_view text) {
  write_line(b.last_error, sizeof b.last_error, text);
}

// Runs body (returning a KB_* code) and turns any exception into failure_code plus a reason in
// the bench's last error. Only successful calls clear the last error.
template <typename Body>
int guarded(kb_bench& b, int failure_code, Body&& body) noexcept {
  try {
    int rc = body();
    if (rc == KB_OK) clear_error(b);
    return rc;
  } catch (const std::exception& e) {
    set_error(b, e.what());
  } catch (...) {
    set_error(b, "unknown internal error");
  }
  return failure_code;
}

}  // namespace kb::capi

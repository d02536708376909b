#pragma once
// What a kb_bench handle is on the C++ side, and the guard that keeps C++ exceptions from ever
// unwinding into C callers.
#include <cstddef>
#include <exception>
#include <memory>
#include <string_view>

#include "hal/remote/remote_client.h"
#include "keybench/keybench.h"
#include "simulator/bench/bench.h"

struct kb_bench {
  // A failed bus transaction, kept as its parts: a polling host meets one address NACK per retry,
  // and the text is only built when kb_bench_last_error asks for it. `function` is a string
  // literal; nullptr when the last error is already text (or there is none).
  struct BusError {
    const char* function = nullptr;
    uint8_t address7 = 0;
    kb::sim::BusOutcome outcome = kb::sim::BusOutcome::kAck;
  };

  // One of the two: an in-process bench, or a bench served by `keybench serve` (kb_remote_open).
  std::unique_ptr<kb::sim::Bench> bench;
  std::unique_ptr<kb::hal::remote::RemoteClient> remote;
  mutable BusError pending_bus_error;
  // Fixed storage so recording an error never allocates. kb_bench_last_error fills it from a
  // pending bus error, hence mutable.
  mutable char last_error[256] = {};
};

namespace kb::capi {

// Copies text into a caller's buffer as a single NUL-terminated line, truncating to fit.
void write_line(char* out, size_t out_len, std::string_view text);

inline void clear_error(kb_bench& b) {
  b.pending_bus_error.function = nullptr;
  b.last_error[0] = '\0';
}
inline void set_error(kb_bench& b, std::string_view text) {
  b.pending_bus_error.function = nullptr;
  write_line(b.last_error, sizeof b.last_error, text);
}
// Records a failed transaction without formatting anything; `function` must be a string literal.
inline void set_bus_error(kb_bench& b, const char* function, uint8_t address7, kb::sim::BusOutcome outcome) {
  b.pending_bus_error = kb_bench::BusError{function, address7, outcome};
}
// The last error as text, formatting a pending bus error first.
const char* last_error_text(const kb_bench& b);

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

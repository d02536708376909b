// Opening, closing, power, virtual time and state files of a bench, for C callers.
#include <limits>
#include <new>
#include <string>

#include "simulator/capi/capi_bench_handle.h"
#include "simulator/files/input_file.h"
#include "simulator/fixture/json_view.h"
#include "simulator/fixture/strict_json.h"

using kb::capi::clear_error;
using kb::capi::guarded;
using kb::capi::set_error;
using kb::capi::write_line;

extern "C" {

kb_bench* kb_bench_open(const char* fixture_path, char* err, size_t err_len) {
  try {
    auto handle = std::make_unique<kb_bench>();
    handle->bench = fixture_path == nullptr ? kb::sim::Bench::make_default() : kb::sim::Bench::from_file(fixture_path);
    write_line(err, err_len, "");
    return handle.release();
  } catch (const kb::sim::FixtureError& e) {
    write_line(err, err_len, e.what());  // already "file: $.json.path: problem"
  } catch (const std::exception& e) {
    std::string where = fixture_path == nullptr ? "<default bench>" : fixture_path;
    write_line(err, err_len, where + ": " + e.what());
  } catch (...) {
    write_line(err, err_len, "unknown internal error while opening the bench");
  }
  return nullptr;
}

void kb_bench_close(kb_bench* bench) {
  delete bench;
}

void kb_sleep_us(kb_bench* bench, uint64_t us) {
  if (bench == nullptr) return;
  guarded(*bench, KB_ERR_STATE, [&] {
    kb::sim::Scheduler& s = bench->bench->scheduler();
    // Saturate instead of wrapping: a huge sleep must never move the clock backwards.
    constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
    uint64_t ns = us > kMax / kb::sim::kMicrosecond ? kMax : us * kb::sim::kMicrosecond;
    if (ns > kMax - s.now()) ns = kMax - s.now();
    s.advance_by(ns);
    return KB_OK;
  });
}

uint64_t kb_now_ns(const kb_bench* bench) {
  return bench == nullptr ? 0 : bench->bench->scheduler().now();
}

int kb_power_off(kb_bench* bench) {
  if (bench == nullptr) return KB_ERR_ARGUMENT;
  return guarded(*bench, KB_ERR_STATE, [&] {
    bench->bench->power_off();
    return KB_OK;
  });
}

int kb_power_on(kb_bench* bench) {
  if (bench == nullptr) return KB_ERR_ARGUMENT;
  return guarded(*bench, KB_ERR_STATE, [&] {
    bench->bench->power_on();
    return KB_OK;
  });
}

int kb_power_cycle(kb_bench* bench) {
  if (bench == nullptr) return KB_ERR_ARGUMENT;
  return guarded(*bench, KB_ERR_STATE, [&] {
    bench->bench->power_cycle();
    return KB_OK;
  });
}

int kb_is_powered(const kb_bench* bench) {
  return bench != nullptr && bench->bench->powered() ? 1 : 0;
}

uint32_t kb_bus_rate_hz(const kb_bench* bench) {
  // bus() has no const overload; reading the rate does not change the bench.
  return bench == nullptr ? 0 : const_cast<kb_bench*>(bench)->bench->bus().rate_hz();
}

int kb_bench_save(kb_bench* bench, const char* path) {
  if (bench == nullptr) return KB_ERR_ARGUMENT;
  if (path == nullptr) {
    set_error(*bench, "kb_bench_save: path is NULL");
    return KB_ERR_ARGUMENT;
  }
  return guarded(*bench, KB_ERR_IO, [&] {
    bench->bench->save_state_file(path);
    return KB_OK;
  });
}

int kb_bench_load_state(kb_bench* bench, const char* path, char* err, size_t err_len) {
  if (bench == nullptr) {
    write_line(err, err_len, "kb_bench_load_state: bench is NULL");
    return KB_ERR_ARGUMENT;
  }
  if (path == nullptr) {
    set_error(*bench, "kb_bench_load_state: path is NULL");
    write_line(err, err_len, bench->last_error);
    return KB_ERR_ARGUMENT;
  }
  int rc = guarded(*bench, KB_ERR_STATE, [&] {
    // Read here first so an unreadable file (KB_ERR_IO) is told apart from bad content.
    std::string text;
    try {
      text = kb::sim::files::read_input_file(path);
    } catch (const kb::sim::files::InputError& e) {
      set_error(*bench, e.what());
      return KB_ERR_IO;
    }
    bench->bench->load_state(kb::sim::parse_json_strict(text, path), path);
    return KB_OK;
  });
  write_line(err, err_len, bench->last_error);
  return rc;
}

}  // extern "C"

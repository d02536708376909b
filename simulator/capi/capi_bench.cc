// Opening, closing, power, virtual time and state files of a bench, for C callers.
#include <limits>
#include <new>
#include <string>

#include "simulator/capi/capi_bench_handle.h"
#include "simulator/files/atomic_file.h"
#include "simulator/files/input_file.h"
#include "simulator/fixture/json_view.h"
#include "simulator/fixture/strict_json.h"

using kb::capi::clear_error;
using kb::capi::guarded;
using kb::capi::set_error;
using kb::capi::write_line;
using kb::hal::remote::Op;
using kb::hal::remote::RemoteError;

namespace {

// A served bench's power request; a lost connection or a refusal is KB_ERR_REMOTE (via guarded).
int remote_power(kb_bench& b, Op op) {
  return guarded(b, KB_ERR_REMOTE, [&] {
    b.remote->power(op);
    return KB_OK;
  });
}

}  // namespace

extern "C" {

kb_bench* kb_remote_open(const char* endpoint, const char* token, char* err, size_t err_len) {
  if (endpoint == nullptr) {
    write_line(err, err_len, "kb_remote_open: endpoint is NULL");
    return nullptr;
  }
  try {
    std::string_view text(endpoint);
    if (text.substr(0, 7) == "remote:") text = text.substr(7);
    auto handle = std::make_unique<kb_bench>();
    handle->remote =
        kb::hal::remote::RemoteClient::connect(kb::hal::remote::parse_endpoint(text), token == nullptr ? "" : token);
    write_line(err, err_len, "");
    return handle.release();
  } catch (const std::exception& e) {
    write_line(err, err_len, e.what());
  } catch (...) {
    write_line(err, err_len, "unknown internal error while connecting");
  }
  return nullptr;
}

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
  if (bench->remote) {
    constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
    const uint64_t ns = us > kMax / kb::sim::kMicrosecond ? kMax : us * kb::sim::kMicrosecond;
    guarded(*bench, KB_ERR_REMOTE, [&] {
      bench->remote->sleep_ns(ns);  // the server saturates at the end of time
      return KB_OK;
    });
    return;
  }
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
  if (bench == nullptr) return 0;
  if (bench->remote) {
    try {
      return bench->remote->now_ns();
    } catch (const std::exception&) {
      return 0;
    }
  }
  return bench->bench->scheduler().now();
}

int kb_power_off(kb_bench* bench) {
  if (bench == nullptr) return KB_ERR_ARGUMENT;
  if (bench->remote) return remote_power(*bench, Op::kPowerOff);
  return guarded(*bench, KB_ERR_STATE, [&] {
    bench->bench->power_off();
    return KB_OK;
  });
}

int kb_power_on(kb_bench* bench) {
  if (bench == nullptr) return KB_ERR_ARGUMENT;
  if (bench->remote) return remote_power(*bench, Op::kPowerOn);
  return guarded(*bench, KB_ERR_STATE, [&] {
    bench->bench->power_on();
    return KB_OK;
  });
}

int kb_power_cycle(kb_bench* bench) {
  if (bench == nullptr) return KB_ERR_ARGUMENT;
  if (bench->remote) return remote_power(*bench, Op::kPowerCycle);
  return guarded(*bench, KB_ERR_STATE, [&] {
    bench->bench->power_cycle();
    return KB_OK;
  });
}

int kb_is_powered(const kb_bench* bench) {
  if (bench == nullptr) return 0;
  if (bench->remote) {
    try {
      return bench->remote->power(Op::kPowerState) ? 1 : 0;
    } catch (const std::exception&) {
      return 0;
    }
  }
  return bench->bench->powered() ? 1 : 0;
}

uint32_t kb_bus_rate_hz(const kb_bench* bench) {
  // bus() has no const overload; reading the rate does not change the bench.
  if (bench == nullptr) return 0;
  if (bench->remote) {
    try {
      return bench->remote->rate_hz();
    } catch (const std::exception&) {
      return 0;
    }
  }
  return const_cast<kb_bench*>(bench)->bench->bus().rate_hz();
}

int kb_bench_save(kb_bench* bench, const char* path) {
  if (bench == nullptr) return KB_ERR_ARGUMENT;
  if (path == nullptr) {
    set_error(*bench, "kb_bench_save: path is NULL");
    return KB_ERR_ARGUMENT;
  }
  if (bench->remote) {
    std::string text;
    int rc = guarded(*bench, KB_ERR_REMOTE, [&] {
      text = bench->remote->snapshot_json();
      return KB_OK;
    });
    if (rc != KB_OK) return rc;
    return guarded(*bench, KB_ERR_IO, [&] {
      // The same bytes Bench::save_state_file writes, through the same atomic writer.
      kb::sim::files::write_file_atomically(path, nlohmann::json::parse(text).dump(2) + "\n",
                                            kb::sim::files::Privacy::kPrivate);
      return KB_OK;
    });
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
    if (bench->remote) {
      try {
        bench->remote->restore_json(text);
      } catch (const RemoteError& e) {
        set_error(*bench, e.what());
        return e.status() == kb::hal::remote::Status::kRejected ? KB_ERR_STATE : KB_ERR_REMOTE;
      }
      return KB_OK;
    }
    bench->bench->load_state(kb::sim::parse_json_strict(text, path), path);
    return KB_OK;
  });
  write_line(err, err_len, bench->last_error);
  return rc;
}

}  // extern "C"

// Fault plans for C callers: install one from JSON text, read back what was injected.
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "simulator/capi/capi_bench_handle.h"
#include "simulator/fault/fault_injector.h"
#include "simulator/fault/fault_plan.h"
#include "simulator/fixture/json_view.h"

using kb::capi::guarded;
using kb::capi::set_error;
using kb::capi::write_line;

extern "C" {

int kb_bench_load_fault_plan(kb_bench* bench, const char* json_text, char* err, size_t err_len) {
  if (bench == nullptr) {
    write_line(err, err_len, "kb_bench_load_fault_plan: bench is NULL");
    return KB_ERR_ARGUMENT;
  }
  int rc = guarded(*bench, KB_ERR_STATE, [&] {
    if (bench->remote) {
      try {
        bench->remote->load_fault_plan(json_text == nullptr ? "" : json_text);
      } catch (const kb::hal::remote::RemoteError& e) {
        set_error(*bench, e.what());
        return e.status() == kb::hal::remote::Status::kRejected ? KB_ERR_FAULT_PLAN : KB_ERR_REMOTE;
      }
      return KB_OK;
    }
    if (json_text == nullptr) {
      bench->bench->clear_fault_plan();
      return KB_OK;
    }
    try {
      bench->bench->install_fault_plan(kb::sim::fault::parse_fault_plan_text(json_text, "<inline>"));
    } catch (const kb::sim::FixtureError& e) {
      set_error(*bench, e.what());  // "<inline>: $.faults[0]...: problem"
      return KB_ERR_FAULT_PLAN;
    }
    return KB_OK;
  });
  write_line(err, err_len, bench->last_error);
  return rc;
}

size_t kb_bench_fault_trace_json(const kb_bench* bench, char* out, size_t out_len) {
  if (bench == nullptr) {
    if (out != nullptr && out_len > 0) out[0] = '\0';
    return 0;
  }
  std::string text = "[]";
  try {
    if (bench->remote) {
      text = bench->remote->fault_trace_json();
    } else if (const kb::sim::fault::FaultInjector* faults = bench->bench->faults()) {
      text = kb::sim::fault::to_json(faults->records()).dump();
    }
  } catch (...) {
    // Only allocation can fail here; an empty list is the honest answer then.
  }
  if (out != nullptr && out_len > 0) {
    const size_t n = text.size() < out_len - 1 ? text.size() : out_len - 1;
    std::memcpy(out, text.data(), n);
    out[n] = '\0';
  }
  return text.size();
}

}  // extern "C"

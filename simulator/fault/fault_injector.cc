#include "simulator/fault/fault_injector.h"

#include <algorithm>
#include <cstdio>

#include "simulator/bench/bench.h"
#include "simulator/fixture/json_view.h"
#include "simulator/rtl/rtl_bus.h"
#include "simulator/rtl/rtl_faults.h"
#include "simulator/stsafe_a120/stsafe.h"

namespace kb::sim::fault {

namespace {

constexpr std::string_view kStsafeKind = "stsafe-a120";

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::string hex_byte(uint8_t b) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", b);
  return text;
}

std::string hex_offset(size_t offset) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%04zX", offset);
  return text;
}

bool is_bus_action(Action::Kind k) {
  switch (k) {
    case Action::Kind::kAddressNack:
    case Action::Kind::kDataNack:
    case Action::Kind::kFlipBits:
    case Action::Kind::kTruncateResponse:
    case Action::Kind::kDropResponse:
    case Action::Kind::kClockStretch:
    case Action::Kind::kSdaGlitch:
    case Action::Kind::kSdaHoldLow:
    case Action::Kind::kSclGlitch:
    case Action::Kind::kStretchTimeout:
    case Action::Kind::kMissingStop:
    case Action::Kind::kArbitrationLoss: return true;
    case Action::Kind::kForceStatus:
    case Action::Kind::kPowerCut:
    case Action::Kind::kBrownOut: return false;
  }
  return false;
}

bool direction_matches(Action::On on, bool is_read) {
  return on == Action::On::kAny || (on == Action::On::kRead) == is_read;
}

}  // namespace

FaultInjector::FaultInjector(Bench& bench, FaultPlan plan) : bench_(bench), plan_(std::move(plan)) {
  check_fits(bench_, plan_);
  states_.resize(plan_.faults.size());
  for (size_t i = 0; i < states_.size(); ++i) {
    // Each fault draws from its own stream, so adding a fault to a plan leaves the others' draws alone.
    states_[i].rng = plan_.seed ^ (0xD1B54A32D192ED03ull * (i + 1));
  }
  bench_.bus().set_interceptor(this);
  for (const BenchDevice& d : bench_.devices()) {
    const std::string name = d.name;
    d.device->set_nvm_write_hook([this, name](const NvmWrite& w) { return on_nvm_write(name, w); });
  }
  schedule_timers();
}

FaultInjector::~FaultInjector() {
  bench_.bus().set_interceptor(nullptr);
  for (const BenchDevice& d : bench_.devices()) d.device->set_nvm_write_hook(nullptr);
}

Device* FaultInjector::device_named(const std::string& name) const {
  for (const BenchDevice& d : bench_.devices()) {
    if (d.name == name) return d.device.get();
  }
  return nullptr;
}

std::string FaultInjector::device_at(uint8_t address7) const {
  for (const BenchDevice& d : bench_.devices()) {
    if (d.device->i2c_target() != nullptr && d.address7 == address7) return d.name;
  }
  return {};
}

void FaultInjector::check_fits(const Bench& bench, const FaultPlan& plan) {
  std::string names;
  bool has_stsafe = false;
  for (const BenchDevice& d : bench.devices()) {
    names += (names.empty() ? "" : ", ") + d.name;
    has_stsafe = has_stsafe || d.device->kind() == kStsafeKind;
  }
  for (const Fault& f : plan.faults) {
    // unnamed_path: where to point when the plan names no device, so the path exists in the file.
    auto check = [&](const std::string& name, const std::string& path, bool must_be_stsafe,
                     const std::string& unnamed_path) {
      if (name.empty()) {
        if (must_be_stsafe && !has_stsafe) {
          throw FixtureError(plan.source, unnamed_path,
                             "needs an stsafe-a120 and the bench has none (devices: " + names + ")");
        }
        return;
      }
      const Device* d = nullptr;
      for (const BenchDevice& bd : bench.devices()) {
        if (bd.name == name) d = bd.device.get();
      }
      if (d == nullptr)
        throw FixtureError(plan.source, path, "no device \"" + name + "\" on the bench (" + names + ")");
      if (must_be_stsafe && d->kind() != kStsafeKind) {
        throw FixtureError(plan.source, path,
                           "\"" + name + "\" is a " + std::string(d->kind()) + ", not an stsafe-a120");
      }
    };
    if (f.when.kind == Trigger::Kind::kNvmWrite) check(f.when.device, f.path + ".when.device", false, f.path);
    if (f.when.kind == Trigger::Kind::kCommand)
      check(f.when.device, f.path + ".when.device", true, f.path + ".when.command");
    if (f.what.kind == Action::Kind::kForceStatus)
      check(f.what.device, f.path + ".do.device", true, f.path + ".do.action");
    if (f.what.kind == Action::Kind::kBrownOut) check(f.what.device, f.path + ".do.device", false, f.path);
  }
  check_bus_level(plan, bench.bus_level());
}

void FaultInjector::check_bus_level(const FaultPlan& plan, BusLevel level) {
  if (level == BusLevel::kRtl) return;
  for (const Fault& f : plan.faults) {
    if (!needs_rtl_bus(f.what.kind)) continue;
    throw FixtureError(plan.source, f.path + ".do.action",
                       std::string(action_kind_name(f.what.kind)) +
                           " acts on SCL and SDA and works only on the RTL bus (--bus rtl, or \"bus\": {\"level\": "
                           "\"rtl\"} in the bench fixture); this bench's bus is transaction-level");
  }
}

bool FaultInjector::roll(State& s, double p) {
  // 53 random bits give a uniform double in [0, 1).
  const double u = static_cast<double>(splitmix64(s.rng) >> 11) * 0x1.0p-53;
  return u < p;
}

FaultRecord& FaultInjector::record(size_t i, const std::string& trigger_text, const std::string& device) {
  FaultRecord r;
  r.index = records_.size();
  r.fault = i;
  r.time_ns = bench_.scheduler().now();
  r.trigger = trigger_text;
  r.action = std::string(action_kind_name(plan_.faults[i].what.kind));
  r.device = device;
  if (Device* d = device_named(device)) {
    r.where = d->activity();
  } else {
    // A bench-wide fault: say what every busy device was doing.
    for (const BenchDevice& bd : bench_.devices()) {
      std::string a = bd.device->activity();
      if (!a.empty()) r.where += (r.where.empty() ? "" : "; ") + bd.name + ": " + a;
    }
  }
  records_.push_back(std::move(r));
  return records_.back();
}

void FaultInjector::finish_injection(size_t i) {
  states_[i].armed = false;
  ++states_[i].injections;
}

void FaultInjector::schedule_timers() {
  std::weak_ptr<int> alive = alive_;
  for (size_t i = 0; i < plan_.faults.size(); ++i) {
    if (plan_.faults[i].when.kind != Trigger::Kind::kTime || states_[i].seen != 0) continue;
    bench_.scheduler().schedule_at(plan_.faults[i].when.at_ns, [this, alive] {
      if (!alive.expired()) fire_due_timers();
    });
  }
}

void FaultInjector::fire_due_timers() {
  if (suspended_) return;
  for (size_t i = 0; i < plan_.faults.size(); ++i) {
    const Trigger& t = plan_.faults[i].when;
    if (t.kind != Trigger::Kind::kTime || states_[i].seen != 0 || bench_.scheduler().now() < t.at_ns) continue;
    states_[i].seen = 1;
    fire(i, describe_trigger(t), Moment::kTimer);
  }
}

bool FaultInjector::fire(size_t i, const std::string& trigger_text, Moment moment, const std::string& nvm_device) {
  const Action& a = plan_.faults[i].what;
  State& s = states_[i];
  if (is_bus_action(a.kind)) {
    s.armed = true;
    s.fired_by = trigger_text;
    return false;
  }
  const bool in_nvm_write = moment == Moment::kNvmWrite;
  switch (a.kind) {
    case Action::Kind::kForceStatus: force_status(i, trigger_text); return false;
    case Action::Kind::kPowerCut: cut_power(i, trigger_text, nvm_device); return in_nvm_write;
    case Action::Kind::kBrownOut:
      brown_out(i, trigger_text, in_nvm_write, nvm_device);
      return in_nvm_write && (a.device.empty() || a.device == nvm_device);
    default: return false;
  }
}

void FaultInjector::cut_power(size_t i, const std::string& trigger_text, const std::string& where_device) {
  const Action& a = plan_.faults[i].what;
  FaultRecord& r = record(i, trigger_text, where_device.empty() ? "bench" : where_device);
  r.detail = "supply off";
  if (!where_device.empty()) r.detail += "; the NVM write in progress is torn";
  r.detail += a.restore_after_ns ? "; back on after " + std::to_string(*a.restore_after_ns) + " ns"
                                 : "; stays off for the rest of the run";
  finish_injection(i);
  // Inside an NVM write this runs with the writing device's code on the stack; power_cycle() only
  // drops volatile state, and the write is torn as soon as the hook returns.
  bench_.power_off();
  std::weak_ptr<int> alive = alive_;
  if (a.restore_after_ns) {
    bench_.scheduler().schedule_in(*a.restore_after_ns, [this, alive] {
      if (!alive.expired()) bench_.power_on();
    });
  }
  // power_off() forgot every pending event, ours included.
  schedule_timers();
}

void FaultInjector::brown_out(size_t i, const std::string& trigger_text, bool deferred,
                              const std::string& where_device) {
  const Action& a = plan_.faults[i].what;
  const std::string target = a.device.empty() ? "bench" : a.device;
  FaultRecord& r = record(i, trigger_text, a.device.empty() && !where_device.empty() ? where_device : target);
  r.device = target;
  r.detail = a.device.empty() ? "every device resets" : a.device + " resets";
  if (deferred && (a.device.empty() || a.device == where_device)) r.detail += "; the NVM write in progress is torn";
  finish_injection(i);
  auto reset = [this, device = a.device] {
    for (const BenchDevice& d : bench_.devices()) {
      if (device.empty() || d.name == device) d.device->power_cycle();
    }
  };
  if (!deferred) {
    reset();
    return;
  }
  // The writing device tears its write when the hook returns; the reset must come after that, so it
  // waits for the clock's next step (at once for the STSAFE, whose writes run inside an event).
  std::weak_ptr<int> alive = alive_;
  bench_.scheduler().schedule_in(0, [alive, reset] {
    if (!alive.expired()) reset();
  });
}

void FaultInjector::force_status(size_t i, const std::string& trigger_text) {
  const Action& a = plan_.faults[i].what;
  std::string name = a.device;
  if (name.empty()) {
    for (const BenchDevice& d : bench_.devices()) {
      if (d.device->kind() == kStsafeKind) {
        name = d.name;
        break;
      }
    }
  }
  auto* chip = dynamic_cast<stsafe_a120::Stsafe*>(device_named(name));
  FaultRecord& r = record(i, trigger_text, name);
  r.detail = "the next command is answered with status " + hex_byte(a.status) + " without running";
  finish_injection(i);
  if (chip != nullptr) chip->force_next_status(a.status);
}

bool FaultInjector::eligible(const Action& a, const BusFaultPoint& p, bool target_acks) const {
  return target_acks && direction_matches(a.on, p.is_read);
}

AddressPhaseFault FaultInjector::on_address(const BusFaultPoint& point) {
  if (suspended_) return {};
  fire_due_timers();
  const uint64_t index = bus_index_++;
  for (size_t i = 0; i < plan_.faults.size(); ++i) {
    const Trigger& t = plan_.faults[i].when;
    State& s = states_[i];
    if (t.kind == Trigger::Kind::kBusTransaction && s.seen == 0 && index == t.index) {
      s.seen = 1;
      fire(i, describe_trigger(t), Moment::kBusAddress);
    } else if (t.kind == Trigger::Kind::kProbability && t.per == Trigger::Per::kBusTransaction && !s.armed &&
               (t.limit == 0 || s.injections < t.limit) && roll(s, t.probability)) {
      fire(i, describe_trigger(t) + " (transaction " + std::to_string(index) + ")", Moment::kBusAddress);
    }
  }
  AddressPhaseFault result;
  if (!bench_.powered()) {
    result.nack = true;  // a power cut just now: nobody answers
    return result;
  }
  const auto dropped = std::find(dropped_.begin(), dropped_.end(), point.address7);
  if (dropped != dropped_.end()) {
    if (point.is_read) {
      result.nack = true;
      return result;
    }
    dropped_.erase(dropped);
  }
  I2cTarget* target = bench_.bus().target_at(point.address7);
  const bool acks = target != nullptr && (point.is_read ? target->accept_read() : target->accept_write());
  const std::string device = device_at(point.address7);
  const std::string direction = point.is_read ? "read" : "write";
  for (size_t i = 0; i < plan_.faults.size() && !result.nack; ++i) {
    const Action& a = plan_.faults[i].what;
    if (!states_[i].armed || !eligible(a, point, acks)) continue;
    switch (a.kind) {
      case Action::Kind::kAddressNack: {
        record(i, states_[i].fired_by, device).detail =
            "address " + hex_byte(point.address7) + " " + direction + " not acknowledged";
        finish_injection(i);
        result.nack = true;
        break;
      }
      case Action::Kind::kDropResponse: {
        record(i, states_[i].fired_by, device).detail = "response lost: reads NACK until the next write";
        finish_injection(i);
        dropped_.push_back(point.address7);
        result.nack = true;
        break;
      }
      case Action::Kind::kClockStretch: {
        const Nanoseconds limit = bench_.bus().stretch_timeout_ns();
        record(i, states_[i].fired_by, device).detail =
            "SCL held " + std::to_string(a.stretch_ns) + " ns on a " + direction +
            (a.stretch_ns > limit ? ", past the " + std::to_string(limit) + " ns bus timeout"
                                  : ", within the " + std::to_string(limit) + " ns bus timeout");
        finish_injection(i);
        result.stretch_ns += a.stretch_ns;
        break;
      }
      case Action::Kind::kSdaGlitch: {
        record(i, states_[i].fired_by, device).detail =
            "SDA spike of " + std::to_string(a.width_ns) + " ns at bit " + std::to_string(a.bit) + " of a " +
            direction + (a.width_ns <= rtl::kSpikeFilterNs ? " (inside the 50 ns spike filter)" : "");
        finish_injection(i);
        rtl::inject_sda_glitch(*bench_.bus().bit_level(), {a.bit, a.width_ns, false});
        break;
      }
      case Action::Kind::kSdaHoldLow: {
        record(i, states_[i].fired_by, device).detail =
            "SDA held low after this " + direction + "'s STOP " +
            (a.clocks > 0 ? "until " + std::to_string(a.clocks) + " SCL pulses"
                          : "for " + std::to_string(a.hold_ns) + " ns");
        finish_injection(i);
        rtl::hold_sda_low_after_stop(*bench_.bus().bit_level(), {a.hold_ns, a.clocks});
        break;
      }
      case Action::Kind::kSclGlitch: {
        record(i, states_[i].fired_by, device).detail =
            "SCL spike of " + std::to_string(a.width_ns) + " ns before bit " + std::to_string(a.bit) + " of a " +
            direction +
            (a.width_ns <= rtl::kSpikeFilterNs ? " (inside the 50 ns spike filter)" : " (clocks an extra bit)");
        finish_injection(i);
        rtl::inject_scl_glitch(*bench_.bus().bit_level(), {a.bit, a.width_ns});
        break;
      }
      case Action::Kind::kStretchTimeout: {
        const Nanoseconds limit = bench_.bus().stretch_timeout_ns();
        record(i, states_[i].fired_by, device).detail =
            "SCL held " + std::to_string(a.stretch_ns) + " ns before bit " + std::to_string(a.bit) + " of a " +
            direction +
            (a.stretch_ns > limit ? ", past the " + std::to_string(limit) + " ns bus timeout"
                                  : ", within the " + std::to_string(limit) + " ns bus timeout");
        finish_injection(i);
        rtl::stretch_scl_at_bit(*bench_.bus().bit_level(), {a.bit, a.stretch_ns});
        break;
      }
      case Action::Kind::kMissingStop: {
        record(i, states_[i].fired_by, device).detail =
            "this " + direction + " ends without STOP; the next transaction starts with a repeated START";
        finish_injection(i);
        rtl::skip_next_stop(*bench_.bus().bit_level());
        break;
      }
      case Action::Kind::kArbitrationLoss: {
        record(i, states_[i].fired_by, device).detail =
            "a second initiator drives SDA low where the initiator next sends a 1, from bit " + std::to_string(a.bit) +
            " of a " + direction;
        finish_injection(i);
        rtl::lose_arbitration(*bench_.bus().bit_level(), {a.bit});
        break;
      }
      default: break;
    }
  }
  return result;
}

size_t FaultInjector::on_write_data(const BusFaultPoint& point, std::vector<uint8_t>& data) {
  if (suspended_) return data.size();
  const std::string device = device_at(point.address7);
  Device* d = device_named(device);
  if (d != nullptr && d->kind() == kStsafeKind && !data.empty()) {
    const uint8_t code = data[0] & 0x1F;
    // -1: no extended code (GCC 12 misjudges optional<uint8_t> comparisons as uninitialized).
    const int ext = code == 0x1F && data.size() > 1 ? data[1] : -1;
    for (size_t i = 0; i < plan_.faults.size(); ++i) {
      const Trigger& t = plan_.faults[i].when;
      State& s = states_[i];
      if (t.kind != Trigger::Kind::kCommand || s.seen >= t.occurrence) continue;
      if ((!t.device.empty() && t.device != device) || t.code != code || (t.ext_code ? int{*t.ext_code} : -1) != ext)
        continue;
      if (++s.seen == t.occurrence) fire(i, describe_trigger(t), Moment::kBusWriteData);
    }
    if (!bench_.powered()) return 0;  // the supply died as the frame arrived
  }
  size_t acked = data.size();
  for (size_t i = 0; i < plan_.faults.size(); ++i) {
    const Action& a = plan_.faults[i].what;
    if (!states_[i].armed || !direction_matches(a.on, false) || a.byte >= data.size()) continue;
    if (a.kind == Action::Kind::kFlipBits) {
      FaultRecord& r = record(i, states_[i].fired_by, device);
      r.before = data;
      data[a.byte] ^= a.mask;
      r.after = data;
      r.detail = "written byte " + std::to_string(a.byte) + ": " + hex_byte(r.before[a.byte]) + " -> " +
                 hex_byte(data[a.byte]);
      finish_injection(i);
    } else if (a.kind == Action::Kind::kDataNack && acked == data.size()) {
      record(i, states_[i].fired_by, device).detail = "write NACKed at byte " + std::to_string(a.byte) + " of " +
                                                      std::to_string(data.size()) + "; the target gets none of it";
      finish_injection(i);
      acked = a.byte;
    }
  }
  return acked;
}

bool FaultInjector::on_read_data(const BusFaultPoint& point, std::span<uint8_t> data) {
  if (suspended_) return false;
  const std::string device = device_at(point.address7);
  bool nack = false;
  for (size_t i = 0; i < plan_.faults.size(); ++i) {
    const Action& a = plan_.faults[i].what;
    if (!states_[i].armed || !direction_matches(a.on, true)) continue;
    if (a.kind == Action::Kind::kFlipBits && a.byte < data.size()) {
      FaultRecord& r = record(i, states_[i].fired_by, device);
      r.before.assign(data.begin(), data.end());
      data[a.byte] ^= a.mask;
      r.after.assign(data.begin(), data.end());
      r.detail =
          "read byte " + std::to_string(a.byte) + ": " + hex_byte(r.before[a.byte]) + " -> " + hex_byte(data[a.byte]);
      finish_injection(i);
    } else if (a.kind == Action::Kind::kTruncateResponse && a.length < data.size()) {
      FaultRecord& r = record(i, states_[i].fired_by, device);
      r.before.assign(data.begin(), data.end());
      // The target stops driving SDA: the pull-up reads as ones.
      std::fill(data.begin() + static_cast<std::ptrdiff_t>(a.length), data.end(), uint8_t{0xFF});
      r.after.assign(data.begin(), data.end());
      r.detail = "read delivers " + std::to_string(a.length) + " of " + std::to_string(data.size()) +
                 " bytes, then released-line 0xFF";
      finish_injection(i);
    } else if (a.kind == Action::Kind::kDataNack && !nack) {
      record(i, states_[i].fired_by, device).detail =
          "read of " + std::to_string(data.size()) + " bytes ends in a NACK; the host gets none of it";
      finish_injection(i);
      nack = true;
    }
  }
  return nack;
}

NvmWriteVerdict FaultInjector::on_nvm_write(const std::string& device, const NvmWrite& write) {
  if (suspended_) return NvmWriteVerdict::kLand;
  fire_due_timers();
  const uint64_t index = nvm_index_++;
  const std::string what =
      (write.kind == NvmWrite::Kind::kProgramWord ? " (word at " : " (page erase at ") + hex_offset(write.offset) + ")";
  bool tear = false;
  for (size_t i = 0; i < plan_.faults.size(); ++i) {
    const Trigger& t = plan_.faults[i].when;
    State& s = states_[i];
    if (t.kind == Trigger::Kind::kNvmWrite && s.seen <= t.index) {
      if (!t.device.empty() && t.device != device) continue;
      const uint64_t k = t.device.empty() ? index : s.seen;
      s.seen = k + 1;
      if (k == t.index) tear = fire(i, describe_trigger(t) + what, Moment::kNvmWrite, device) || tear;
    } else if (t.kind == Trigger::Kind::kProbability && t.per == Trigger::Per::kNvmWrite && !s.armed &&
               (t.limit == 0 || s.injections < t.limit) && roll(s, t.probability)) {
      tear = fire(i, describe_trigger(t) + " (write " + std::to_string(index) + " on " + device + ")" + what,
                  Moment::kNvmWrite, device) ||
             tear;
    }
  }
  return tear ? NvmWriteVerdict::kCutPower : NvmWriteVerdict::kLand;
}

}  // namespace kb::sim::fault

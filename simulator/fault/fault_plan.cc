#include "simulator/fault/fault_plan.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "simulator/fixture/json_view.h"
#include "simulator/fixture/strict_json.h"

namespace kb::sim::fault {

namespace {

constexpr uint64_t kMaxIndex = UINT64_MAX;
// One frame is at most 754 bytes on the STSAFE (fact sheet 1.7); any bus transfer fits well under this.
constexpr uint64_t kMaxByteIndex = 0xFFFF;
// A stretch or a supply outage longer than an hour of virtual time is a typo, not a test.
constexpr uint64_t kMaxDurationNs = 3600ull * 1000 * kMillisecond;
// A spike sits inside one SCL-high time; the longest one (standard mode) is a few microseconds.
constexpr uint64_t kMaxSpikeNs = 2000;

std::string hex_byte(uint8_t b) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", b);
  return text;
}

Action::On parse_on(const JsonView& action) {
  if (!action.has("on")) return Action::On::kAny;
  return static_cast<Action::On>(action.at("on").as_choice({"any", "write", "read"}));
}

Trigger parse_trigger(const JsonView& when) {
  static constexpr std::string_view kTriggers[] = {"bus_transaction", "nvm_write", "command", "time_ns", "probability"};
  if (!when.raw().is_object()) when.fail("expected an object with one trigger");
  std::optional<std::string_view> found;
  for (const auto& [key, value] : when.raw().items()) {
    for (std::string_view t : kTriggers) {
      if (key != t) continue;
      if (found) when.fail("two triggers (" + std::string(*found) + ", " + key + "); a fault has one");
      found = t;
    }
  }
  if (!found) {
    for (const auto& [key, value] : when.raw().items()) {
      if (key != "device" && key != "ext" && key != "occurrence" && key != "per" && key != "limit") {
        when.at(key).fail("unknown trigger '" + key +
                          "' (triggers: bus_transaction, nvm_write, command, time_ns, probability)");
      }
    }
    when.fail("no trigger (triggers: bus_transaction, nvm_write, command, time_ns, probability)");
  }
  Trigger t;
  if (*found == "bus_transaction") {
    when.expect_only({"bus_transaction"});
    t.kind = Trigger::Kind::kBusTransaction;
    t.index = when.at("bus_transaction").as_uint(kMaxIndex);
  } else if (*found == "nvm_write") {
    when.expect_only({"nvm_write", "device"});
    t.kind = Trigger::Kind::kNvmWrite;
    t.index = when.at("nvm_write").as_uint(kMaxIndex);
    if (when.has("device")) t.device = when.at("device").as_string();
  } else if (*found == "command") {
    when.expect_only({"command", "ext", "occurrence", "device"});
    t.kind = Trigger::Kind::kCommand;
    JsonView code = when.at("command");
    const uint64_t c = code.as_uint(0x1F);
    t.code = static_cast<uint8_t>(c);
    if (when.has("ext")) {
      if (t.code != 0x1F) when.at("ext").fail("an extended code needs command 0x1F");
      t.ext_code = when.at("ext").as_u8();
    } else if (t.code == 0x1F) {
      code.fail("command 0x1F is the extended prefix: give the extended code as \"ext\"");
    }
    if (when.has("occurrence")) {
      t.occurrence = when.at("occurrence").as_uint(kMaxIndex);
      if (t.occurrence == 0) when.at("occurrence").fail("occurrence counts from 1");
    }
    if (when.has("device")) t.device = when.at("device").as_string();
  } else if (*found == "time_ns") {
    when.expect_only({"time_ns"});
    t.kind = Trigger::Kind::kTime;
    t.at_ns = when.at("time_ns").as_uint(kMaxIndex);
  } else {
    when.expect_only({"probability", "per", "limit"});
    t.kind = Trigger::Kind::kProbability;
    JsonView p = when.at("probability");
    if (!p.raw().is_number()) p.fail("expected a number in (0, 1]");
    t.probability = p.raw().get<double>();
    if (!(t.probability > 0.0 && t.probability <= 1.0)) p.fail("probability must be in (0, 1]");
    t.per = when.has("per") ? static_cast<Trigger::Per>(when.at("per").as_choice({"bus_transaction", "nvm_write"}))
                            : Trigger::Per::kBusTransaction;
    if (when.has("limit")) t.limit = when.at("limit").as_uint(kMaxIndex);
  }
  return t;
}

// A bit of the transaction, counted from 0 at its first address bit (9 per byte with the
// acknowledge). The plan acts at the address phase, after the eight address bits have gone by.
uint64_t parse_bit(const JsonView& what, uint64_t first) {
  const uint64_t bit = what.at("bit").as_uint(9 * kMaxByteIndex);
  if (bit < first) {
    what.at("bit").fail("bits 0-" + std::to_string(first - 1) + " are past when the plan acts; from bit " +
                        std::to_string(first) + " on");
  }
  return bit;
}

Action parse_action(const JsonView& what) {
  if (!what.raw().is_object()) what.fail("expected an object with an \"action\"");
  Action a;
  a.kind = static_cast<Action::Kind>(what.at("action").as_choice(
      {"address_nack", "data_nack", "flip_bits", "truncate_response", "drop_response", "clock_stretch", "force_status",
       "power_cut", "brown_out", "sda_glitch", "sda_hold_low", "scl_glitch", "stretch_timeout", "missing_stop",
       "arbitration_loss"}));
  switch (a.kind) {
    case Action::Kind::kAddressNack:
      what.expect_only({"action", "on"});
      a.on = parse_on(what);
      break;
    case Action::Kind::kDataNack:
      what.expect_only({"action", "on", "byte"});
      a.on = parse_on(what);
      if (what.has("byte")) a.byte = what.at("byte").as_uint(kMaxByteIndex);
      break;
    case Action::Kind::kFlipBits:
      what.expect_only({"action", "on", "byte", "mask"});
      a.on = parse_on(what);
      a.byte = what.at("byte").as_uint(kMaxByteIndex);
      if (what.has("mask")) {
        a.mask = what.at("mask").as_u8();
        if (a.mask == 0) what.at("mask").fail("a mask of 0 flips nothing");
      }
      break;
    case Action::Kind::kTruncateResponse:
      what.expect_only({"action", "length"});
      a.on = Action::On::kRead;
      a.length = what.at("length").as_uint(kMaxByteIndex);
      break;
    case Action::Kind::kDropResponse:
      what.expect_only({"action"});
      a.on = Action::On::kRead;
      break;
    case Action::Kind::kClockStretch:
      what.expect_only({"action", "on", "stretch_ns"});
      a.on = parse_on(what);
      a.stretch_ns = what.at("stretch_ns").as_uint(kMaxDurationNs);
      if (a.stretch_ns == 0) what.at("stretch_ns").fail("a stretch of 0 ns holds nothing");
      break;
    case Action::Kind::kForceStatus:
      what.expect_only({"action", "status", "device"});
      a.status = what.at("status").as_u8();
      if (a.status == 0) what.at("status").fail("status 0x00 is success, not a fault");
      if (what.has("device")) a.device = what.at("device").as_string();
      break;
    case Action::Kind::kPowerCut:
      what.expect_only({"action", "restore_after_ns"});
      if (what.has("restore_after_ns")) a.restore_after_ns = what.at("restore_after_ns").as_uint(kMaxDurationNs);
      break;
    case Action::Kind::kBrownOut:
      what.expect_only({"action", "device"});
      if (what.has("device")) a.device = what.at("device").as_string();
      break;
    case Action::Kind::kSdaGlitch:
    case Action::Kind::kSclGlitch:
      what.expect_only({"action", "on", "bit", "width_ns"});
      a.on = parse_on(what);
      a.bit = parse_bit(what, 8);
      a.width_ns = what.at("width_ns").as_uint(kMaxSpikeNs);
      if (a.width_ns == 0) what.at("width_ns").fail("a spike of 0 ns is no spike");
      break;
    case Action::Kind::kStretchTimeout:
      what.expect_only({"action", "on", "bit", "stretch_ns"});
      a.on = parse_on(what);
      a.bit = parse_bit(what, 8);
      a.stretch_ns = what.at("stretch_ns").as_uint(kMaxDurationNs);
      if (a.stretch_ns == 0) what.at("stretch_ns").fail("a stretch of 0 ns holds nothing");
      break;
    case Action::Kind::kMissingStop:
      what.expect_only({"action", "on"});
      a.on = parse_on(what);
      break;
    case Action::Kind::kArbitrationLoss:
      what.expect_only({"action", "on", "bit"});
      a.on = parse_on(what);
      // Bit 8 is the target's acknowledge: the first bit our initiator sends after the plan acts is 9.
      a.bit = parse_bit(what, 9);
      break;
    case Action::Kind::kSdaHoldLow:
      what.expect_only({"action", "on", "hold_ns", "clocks"});
      a.on = parse_on(what);
      if (what.has("hold_ns") == what.has("clocks")) what.fail("give one of \"hold_ns\" and \"clocks\"");
      if (what.has("hold_ns")) {
        a.hold_ns = what.at("hold_ns").as_uint(kMaxDurationNs);
        if (a.hold_ns == 0) what.at("hold_ns").fail("a hold of 0 ns holds nothing");
      } else {
        a.clocks = what.at("clocks").as_uint(1000);
        if (a.clocks == 0) what.at("clocks").fail("a hold released by 0 clocks holds nothing");
      }
      break;
  }
  return a;
}

}  // namespace

FaultPlan parse_fault_plan(const nlohmann::json& plan, const std::string& source) {
  JsonView root(plan, source);
  if (!plan.is_object()) root.fail("a fault plan is a JSON object");
  root.expect_only({"format", "description", "seed", "faults"});
  JsonView format = root.at("format");
  if (format.as_string() != kFaultPlanFormat) format.fail(std::string("expected \"") + kFaultPlanFormat + "\"");
  FaultPlan p;
  p.source = source;
  if (root.has("seed")) p.seed = root.at("seed").as_uint(kMaxIndex);
  JsonView faults = root.at("faults");
  for (size_t i = 0; i < faults.size(); ++i) {
    JsonView f = faults.at(i);
    if (!f.raw().is_object()) f.fail("expected an object with \"when\" and \"do\"");
    f.expect_only({"description", "when", "do"});
    Fault fault;
    fault.when = parse_trigger(f.at("when"));
    fault.what = parse_action(f.at("do"));
    fault.path = f.path();
    p.faults.push_back(std::move(fault));
  }
  return p;
}

FaultPlan load_fault_plan_file(const std::string& path) {
  return parse_fault_plan(load_json_file(path), path);
}

FaultPlan parse_fault_plan_text(const std::string& text, const std::string& source) {
  return parse_fault_plan(parse_json_strict(text, source), source);
}

std::string_view trigger_kind_name(Trigger::Kind k) {
  switch (k) {
    case Trigger::Kind::kBusTransaction: return "bus_transaction";
    case Trigger::Kind::kNvmWrite: return "nvm_write";
    case Trigger::Kind::kCommand: return "command";
    case Trigger::Kind::kTime: return "time_ns";
    case Trigger::Kind::kProbability: return "probability";
  }
  return "unknown";
}

std::string_view action_kind_name(Action::Kind k) {
  switch (k) {
    case Action::Kind::kAddressNack: return "address_nack";
    case Action::Kind::kDataNack: return "data_nack";
    case Action::Kind::kFlipBits: return "flip_bits";
    case Action::Kind::kTruncateResponse: return "truncate_response";
    case Action::Kind::kDropResponse: return "drop_response";
    case Action::Kind::kClockStretch: return "clock_stretch";
    case Action::Kind::kForceStatus: return "force_status";
    case Action::Kind::kPowerCut: return "power_cut";
    case Action::Kind::kBrownOut: return "brown_out";
    case Action::Kind::kSdaGlitch: return "sda_glitch";
    case Action::Kind::kSdaHoldLow: return "sda_hold_low";
    case Action::Kind::kSclGlitch: return "scl_glitch";
    case Action::Kind::kStretchTimeout: return "stretch_timeout";
    case Action::Kind::kMissingStop: return "missing_stop";
    case Action::Kind::kArbitrationLoss: return "arbitration_loss";
  }
  return "unknown";
}

bool needs_rtl_bus(Action::Kind k) {
  switch (k) {
    case Action::Kind::kSdaGlitch:
    case Action::Kind::kSdaHoldLow:
    case Action::Kind::kSclGlitch:
    case Action::Kind::kStretchTimeout:
    case Action::Kind::kMissingStop:
    case Action::Kind::kArbitrationLoss: return true;
    default: return false;
  }
}

std::string describe_trigger(const Trigger& t) {
  const std::string on_device = t.device.empty() ? "" : " on " + t.device;
  switch (t.kind) {
    case Trigger::Kind::kBusTransaction: return "bus transaction " + std::to_string(t.index);
    case Trigger::Kind::kNvmWrite: return "NVM write " + std::to_string(t.index) + on_device;
    case Trigger::Kind::kCommand: {
      // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict for " " + std::string(...).
      std::string text = "command ";
      text += hex_byte(t.code);
      if (t.ext_code) {
        text += ' ';
        text += hex_byte(*t.ext_code);
      }
      text += " #";
      text += std::to_string(t.occurrence);
      text += on_device;
      return text;
    }
    case Trigger::Kind::kTime: return "time " + std::to_string(t.at_ns) + " ns";
    case Trigger::Kind::kProbability: {
      char p[32];
      std::snprintf(p, sizeof p, "%g", t.probability);
      return std::string("probability ") + p + " per " +
             (t.per == Trigger::Per::kBusTransaction ? "bus transaction" : "NVM write");
    }
  }
  return "unknown";
}

}  // namespace kb::sim::fault

// The fault plan loader: every trigger and action parses, and every bad plan is refused with the
// file, the JSON path and the problem, before anything runs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "simulator/fault/fault_plan.h"
#include "simulator/fixture/json_view.h"

namespace kb::sim::fault {
namespace {

nlohmann::json plan_with(const nlohmann::json& fault) {
  return {{"format", "keybench-faults/1"}, {"faults", nlohmann::json::array({fault})}};
}

Fault only_fault(const nlohmann::json& fault) {
  FaultPlan p = parse_fault_plan(plan_with(fault), "plan.json");
  EXPECT_EQ(p.faults.size(), 1u);
  return p.faults.at(0);
}

// The error a bad plan gets; fails the test when the plan parses.
FixtureError error_of(const nlohmann::json& plan) {
  try {
    (void)parse_fault_plan(plan, "bad.json");
  } catch (const FixtureError& e) {
    return e;
  }
  ADD_FAILURE() << "plan accepted: " << plan.dump();
  return FixtureError("", "", "");
}

FixtureError error_of_fault(const nlohmann::json& fault) {
  return error_of(plan_with(fault));
}

TEST(FaultPlan, ParsesEveryTrigger) {
  nlohmann::json plan = nlohmann::json::parse(R"({
    "format": "keybench-faults/1", "description": "all triggers", "seed": 77,
    "faults": [
      {"when": {"bus_transaction": 12}, "do": {"action": "address_nack"}},
      {"when": {"nvm_write": 3, "device": "stsafe"}, "do": {"action": "power_cut"}},
      {"when": {"command": "0x1F", "ext": "0x07", "occurrence": 2, "device": "se"}, "do": {"action": "brown_out"}},
      {"when": {"command": 20}, "do": {"action": "address_nack"}},
      {"when": {"time_ns": 1500000}, "do": {"action": "address_nack"}},
      {"description": "noisy line", "when": {"probability": 0.25, "per": "nvm_write", "limit": 3},
       "do": {"action": "address_nack"}},
      {"when": {"probability": 1}, "do": {"action": "address_nack"}}
    ]})");
  FaultPlan p = parse_fault_plan(plan, "all.json");
  EXPECT_EQ(p.source, "all.json");
  EXPECT_EQ(p.seed, 77u);
  ASSERT_EQ(p.faults.size(), 7u);
  EXPECT_EQ(p.faults[0].when.kind, Trigger::Kind::kBusTransaction);
  EXPECT_EQ(p.faults[0].when.index, 12u);
  EXPECT_EQ(p.faults[0].path, "$.faults[0]");
  EXPECT_EQ(p.faults[1].when.kind, Trigger::Kind::kNvmWrite);
  EXPECT_EQ(p.faults[1].when.index, 3u);
  EXPECT_EQ(p.faults[1].when.device, "stsafe");
  EXPECT_EQ(p.faults[2].when.kind, Trigger::Kind::kCommand);
  EXPECT_EQ(p.faults[2].when.code, 0x1F);
  EXPECT_EQ(p.faults[2].when.ext_code, std::optional<uint8_t>(0x07));
  EXPECT_EQ(p.faults[2].when.occurrence, 2u);
  EXPECT_EQ(p.faults[2].when.device, "se");
  EXPECT_EQ(p.faults[3].when.code, 0x14);
  EXPECT_FALSE(p.faults[3].when.ext_code.has_value());
  EXPECT_EQ(p.faults[3].when.occurrence, 1u) << "the first occurrence by default";
  EXPECT_EQ(p.faults[4].when.kind, Trigger::Kind::kTime);
  EXPECT_EQ(p.faults[4].when.at_ns, 1500000u);
  EXPECT_EQ(p.faults[5].when.kind, Trigger::Kind::kProbability);
  EXPECT_DOUBLE_EQ(p.faults[5].when.probability, 0.25);
  EXPECT_EQ(p.faults[5].when.per, Trigger::Per::kNvmWrite);
  EXPECT_EQ(p.faults[5].when.limit, 3u);
  EXPECT_EQ(p.faults[6].when.per, Trigger::Per::kBusTransaction) << "per bus transaction by default";
  EXPECT_EQ(p.faults[6].when.limit, 0u) << "no limit by default";

  EXPECT_EQ(describe_trigger(p.faults[0].when), "bus transaction 12");
  EXPECT_EQ(describe_trigger(p.faults[1].when), "NVM write 3 on stsafe");
  EXPECT_EQ(describe_trigger(p.faults[2].when), "command 0x1F 0x07 #2 on se");
  EXPECT_EQ(describe_trigger(p.faults[4].when), "time 1500000 ns");
  EXPECT_EQ(describe_trigger(p.faults[5].when), "probability 0.25 per NVM write");
}

TEST(FaultPlan, ParsesEveryAction) {
  const nlohmann::json when = {{"bus_transaction", 0}};
  Fault f = only_fault({{"when", when}, {"do", {{"action", "address_nack"}, {"on", "read"}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kAddressNack);
  EXPECT_EQ(f.what.on, Action::On::kRead);

  f = only_fault({{"when", when}, {"do", {{"action", "data_nack"}, {"on", "write"}, {"byte", 4}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kDataNack);
  EXPECT_EQ(f.what.on, Action::On::kWrite);
  EXPECT_EQ(f.what.byte, 4u);

  f = only_fault({{"when", when}, {"do", {{"action", "flip_bits"}, {"byte", 3}, {"mask", "0x80"}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kFlipBits);
  EXPECT_EQ(f.what.on, Action::On::kAny);
  EXPECT_EQ(f.what.byte, 3u);
  EXPECT_EQ(f.what.mask, 0x80);

  f = only_fault({{"when", when}, {"do", {{"action", "truncate_response"}, {"length", 2}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kTruncateResponse);
  EXPECT_EQ(f.what.on, Action::On::kRead);
  EXPECT_EQ(f.what.length, 2u);

  f = only_fault({{"when", when}, {"do", {{"action", "drop_response"}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kDropResponse);

  f = only_fault({{"when", when}, {"do", {{"action", "clock_stretch"}, {"stretch_ns", 30000000}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kClockStretch);
  EXPECT_EQ(f.what.stretch_ns, 30000000u);

  f = only_fault({{"when", when}, {"do", {{"action", "force_status"}, {"status", "0x11"}, {"device", "se"}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kForceStatus);
  EXPECT_EQ(f.what.status, 0x11);
  EXPECT_EQ(f.what.device, "se");

  f = only_fault({{"when", when}, {"do", {{"action", "power_cut"}, {"restore_after_ns", 1000}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kPowerCut);
  EXPECT_EQ(f.what.restore_after_ns, std::optional<Nanoseconds>(1000));
  f = only_fault({{"when", when}, {"do", {{"action", "power_cut"}}}});
  EXPECT_FALSE(f.what.restore_after_ns.has_value());

  f = only_fault({{"when", when}, {"do", {{"action", "brown_out"}, {"device", "nrf"}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kBrownOut);
  EXPECT_EQ(f.what.device, "nrf");
  EXPECT_FALSE(needs_rtl_bus(f.what.kind));
}

TEST(FaultPlan, ParsesTheRtlOnlyActions) {
  const nlohmann::json when = {{"bus_transaction", 2}};
  Fault f = only_fault({{"when", when}, {"do", {{"action", "scl_glitch"}, {"bit", 14}, {"width_ns", 120}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kSclGlitch);
  EXPECT_EQ(f.what.bit, 14u);
  EXPECT_EQ(f.what.width_ns, 120u);
  EXPECT_EQ(action_kind_name(f.what.kind), "scl_glitch");
  EXPECT_TRUE(needs_rtl_bus(f.what.kind));

  f = only_fault(
      {{"when", when}, {"do", {{"action", "stretch_timeout"}, {"on", "read"}, {"bit", 8}, {"stretch_ns", 40000000}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kStretchTimeout);
  EXPECT_EQ(f.what.on, Action::On::kRead);
  EXPECT_EQ(f.what.bit, 8u);
  EXPECT_EQ(f.what.stretch_ns, 40000000u);
  EXPECT_EQ(action_kind_name(f.what.kind), "stretch_timeout");
  EXPECT_TRUE(needs_rtl_bus(f.what.kind));

  f = only_fault({{"when", when}, {"do", {{"action", "missing_stop"}, {"on", "write"}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kMissingStop);
  EXPECT_EQ(f.what.on, Action::On::kWrite);
  EXPECT_EQ(action_kind_name(f.what.kind), "missing_stop");
  EXPECT_TRUE(needs_rtl_bus(f.what.kind));

  f = only_fault({{"when", when}, {"do", {{"action", "arbitration_loss"}, {"bit", 9}}}});
  EXPECT_EQ(f.what.kind, Action::Kind::kArbitrationLoss);
  EXPECT_EQ(f.what.bit, 9u);
  EXPECT_EQ(action_kind_name(f.what.kind), "arbitration_loss");
  EXPECT_TRUE(needs_rtl_bus(f.what.kind));
}

TEST(FaultPlan, TextWithSyntaxErrorsIsRefused) {
  try {
    (void)parse_fault_plan_text("{\"format\": ", "<inline>");
    FAIL() << "accepted";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.file(), "<inline>");
    EXPECT_EQ(e.problem().rfind("not valid JSON", 0), 0u) << e.problem();
  }
  EXPECT_EQ(parse_fault_plan_text(R"({"format": "keybench-faults/1", "faults": []})", "<inline>").faults.size(), 0u);
}

TEST(FaultPlan, PlanLevelErrorsNameTheirPath) {
  FixtureError e = error_of({{"faults", nlohmann::json::array()}});
  EXPECT_EQ(e.file(), "bad.json");
  EXPECT_EQ(e.path(), "$.format");

  e = error_of({{"format", "keybench-faults/2"}, {"faults", nlohmann::json::array()}});
  EXPECT_EQ(e.path(), "$.format");
  EXPECT_NE(e.problem().find("keybench-faults/1"), std::string::npos) << e.problem();

  e = error_of({{"format", "keybench-faults/1"}, {"faults", nlohmann::json::array()}, {"sede", 1}});
  EXPECT_EQ(e.path(), "$.sede");

  e = error_of({{"format", "keybench-faults/1"}, {"faults", {{"when", 1}}}});
  EXPECT_EQ(e.path(), "$.faults");

  e = error_of(nlohmann::json::array());
  EXPECT_EQ(e.path(), "$");
}

struct BadFault {
  const char* name;
  const char* fault;  // one entry of "faults"
  const char* path;
  const char* problem;  // a part of the problem text
};

class FaultPlanErrors : public ::testing::TestWithParam<BadFault> {};

TEST_P(FaultPlanErrors, NameTheirPathAndProblem) {
  const BadFault& c = GetParam();
  FixtureError e = error_of_fault(nlohmann::json::parse(c.fault));
  EXPECT_EQ(e.file(), "bad.json");
  EXPECT_EQ(e.path(), c.path);
  EXPECT_NE(e.problem().find(c.problem), std::string::npos) << e.what();
}

INSTANTIATE_TEST_SUITE_P(
    EveryProblem, FaultPlanErrors,
    ::testing::Values(
        BadFault{"unknown_trigger", R"({"when": {"bus_transation": 3}, "do": {"action": "address_nack"}})",
                 "$.faults[0].when.bus_transation", "unknown trigger 'bus_transation'"},
        BadFault{"no_trigger", R"({"when": {}, "do": {"action": "address_nack"}})", "$.faults[0].when", "no trigger"},
        BadFault{"two_triggers", R"({"when": {"bus_transaction": 1, "time_ns": 5}, "do": {"action": "address_nack"}})",
                 "$.faults[0].when", "two triggers"},
        BadFault{"trigger_extra_key",
                 R"({"when": {"bus_transaction": 1, "device": "x"}, "do": {"action": "address_nack"}})",
                 "$.faults[0].when.device", "unknown key"},
        BadFault{"negative_index", R"({"when": {"nvm_write": -1}, "do": {"action": "power_cut"}})",
                 "$.faults[0].when.nvm_write", ""},
        BadFault{"command_too_big", R"({"when": {"command": "0x20"}, "do": {"action": "address_nack"}})",
                 "$.faults[0].when.command", ""},
        BadFault{"extended_without_ext", R"({"when": {"command": "0x1F"}, "do": {"action": "address_nack"}})",
                 "$.faults[0].when.command", "extended prefix"},
        BadFault{"ext_without_prefix", R"({"when": {"command": "0x10", "ext": 7}, "do": {"action": "address_nack"}})",
                 "$.faults[0].when.ext", "needs command 0x1F"},
        BadFault{"occurrence_zero", R"({"when": {"command": 2, "occurrence": 0}, "do": {"action": "address_nack"}})",
                 "$.faults[0].when.occurrence", "counts from 1"},
        BadFault{"probability_zero", R"({"when": {"probability": 0}, "do": {"action": "address_nack"}})",
                 "$.faults[0].when.probability", "(0, 1]"},
        BadFault{"probability_above_one", R"({"when": {"probability": 1.5}, "do": {"action": "address_nack"}})",
                 "$.faults[0].when.probability", "(0, 1]"},
        BadFault{"probability_text", R"({"when": {"probability": "often"}, "do": {"action": "address_nack"}})",
                 "$.faults[0].when.probability", "expected a number"},
        BadFault{"per_unknown", R"({"when": {"probability": 0.5, "per": "second"}, "do": {"action": "address_nack"}})",
                 "$.faults[0].when.per", "bus_transaction, nvm_write"},
        BadFault{"unknown_action", R"({"when": {"time_ns": 1}, "do": {"action": "explode"}})", "$.faults[0].do.action",
                 "address_nack"},
        BadFault{"missing_action", R"({"when": {"time_ns": 1}, "do": {}})", "$.faults[0].do.action", "missing"},
        BadFault{"action_extra_key", R"({"when": {"time_ns": 1}, "do": {"action": "address_nack", "byte": 2}})",
                 "$.faults[0].do.byte", "unknown key"},
        BadFault{"on_unknown", R"({"when": {"time_ns": 1}, "do": {"action": "address_nack", "on": "both"}})",
                 "$.faults[0].do.on", "any, write, read"},
        BadFault{"flip_without_byte", R"({"when": {"time_ns": 1}, "do": {"action": "flip_bits"}})",
                 "$.faults[0].do.byte", "missing"},
        BadFault{"flip_mask_zero", R"({"when": {"time_ns": 1}, "do": {"action": "flip_bits", "byte": 1, "mask": 0}})",
                 "$.faults[0].do.mask", "flips nothing"},
        BadFault{"flip_mask_wide", R"({"when": {"time_ns": 1}, "do": {"action": "flip_bits", "byte": 1, "mask": 256}})",
                 "$.faults[0].do.mask", ""},
        BadFault{"truncate_without_length", R"({"when": {"time_ns": 1}, "do": {"action": "truncate_response"}})",
                 "$.faults[0].do.length", "missing"},
        BadFault{"stretch_zero", R"({"when": {"time_ns": 1}, "do": {"action": "clock_stretch", "stretch_ns": 0}})",
                 "$.faults[0].do.stretch_ns", "holds nothing"},
        BadFault{"status_success", R"({"when": {"time_ns": 1}, "do": {"action": "force_status", "status": 0}})",
                 "$.faults[0].do.status", "success"},
        BadFault{"status_missing", R"({"when": {"time_ns": 1}, "do": {"action": "force_status"}})",
                 "$.faults[0].do.status", "missing"},
        BadFault{"scl_glitch_address_bit",
                 R"({"when": {"time_ns": 1}, "do": {"action": "scl_glitch", "bit": 7, "width_ns": 100}})",
                 "$.faults[0].do.bit", "from bit 8 on"},
        BadFault{"scl_glitch_zero_width",
                 R"({"when": {"time_ns": 1}, "do": {"action": "scl_glitch", "bit": 9, "width_ns": 0}})",
                 "$.faults[0].do.width_ns", "no spike"},
        BadFault{"scl_glitch_without_width", R"({"when": {"time_ns": 1}, "do": {"action": "scl_glitch", "bit": 9}})",
                 "$.faults[0].do.width_ns", "missing"},
        BadFault{"stretch_timeout_without_bit",
                 R"({"when": {"time_ns": 1}, "do": {"action": "stretch_timeout", "stretch_ns": 5}})",
                 "$.faults[0].do.bit", "missing"},
        BadFault{"stretch_timeout_zero",
                 R"({"when": {"time_ns": 1}, "do": {"action": "stretch_timeout", "bit": 9, "stretch_ns": 0}})",
                 "$.faults[0].do.stretch_ns", "holds nothing"},
        BadFault{"missing_stop_extra_key", R"({"when": {"time_ns": 1}, "do": {"action": "missing_stop", "bit": 9}})",
                 "$.faults[0].do.bit", "unknown key"},
        BadFault{"arbitration_on_the_acknowledge",
                 R"({"when": {"time_ns": 1}, "do": {"action": "arbitration_loss", "bit": 8}})", "$.faults[0].do.bit",
                 "from bit 9 on"},
        BadFault{"fault_extra_key", R"({"when": {"time_ns": 1}, "do": {"action": "power_cut"}, "then": 1})",
                 "$.faults[0].then", "unknown key"},
        BadFault{"fault_without_do", R"({"when": {"time_ns": 1}})", "$.faults[0].do", "missing"}),
    [](const ::testing::TestParamInfo<BadFault>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace kb::sim::fault

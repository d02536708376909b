// Enumeration and determinism of campaigns on real flows, through the library.
#include "tools/campaign/campaign_runner.h"
#include "tests/test_paths.h"

#include <gtest/gtest.h>

#include <set>

#include "tools/campaign/oracles.h"

namespace kb::tools::campaign {
namespace {

CampaignSpec spec(const char* flow, Sweep sweep, Shard shard = {}) {
  CampaignSpec s;
  s.flow = find_flow(flow);
  s.sweep = sweep;
  s.shard = shard;
  s.fixture = "default";
  return s;
}

TEST(CampaignEnumeration, PowerCutSweepHasOneCutPointPerNvmWord) {
  Campaign c(spec("host-key-provisioning", Sweep::kPowerCut));
  EXPECT_GT(c.clean().nvm_words, 0u);
  EXPECT_EQ(c.total_cut_points(), c.clean().nvm_words);
  EXPECT_EQ(c.shard_cut_points().size(), c.total_cut_points());
}

TEST(CampaignEnumeration, BusSweepHasOneCutPointPerTransaction) {
  Campaign c(spec("host-key-provisioning", Sweep::kBus));
  EXPECT_GT(c.clean().transactions, 0u);
  EXPECT_EQ(c.total_cut_points(), c.clean().transactions);
  ASSERT_EQ(c.clean().transaction_where.size(), c.clean().transactions);
  // Each command frame write is an operation; they come in transaction order.
  ASSERT_FALSE(c.clean().operations.empty());
  for (size_t i = 1; i < c.clean().operations.size(); ++i) {
    EXPECT_LT(c.clean().operations[i - 1].first_transaction, c.clean().operations[i].first_transaction);
  }
  EXPECT_NE(c.clean().transaction_where.front().find("write of"), std::string::npos)
      << c.clean().transaction_where.front();
}

TEST(CampaignEnumeration, ShardsPartitionTheSweep) {
  Campaign whole(spec("host-key-provisioning", Sweep::kPowerCut));
  std::multiset<uint64_t> seen;
  for (uint64_t i = 1; i <= 3; ++i) {
    Campaign part(spec("host-key-provisioning", Sweep::kPowerCut, Shard{i, 3}));
    for (uint64_t p : part.shard_cut_points()) seen.insert(p);
  }
  ASSERT_EQ(seen.size(), whole.total_cut_points());
  uint64_t expected = 0;
  for (uint64_t p : seen) EXPECT_EQ(p, expected++);
}

TEST(CampaignEnumeration, NrfBusSweepCountsRegisterAccesses) {
  CampaignSpec s = spec("identity-key-generation", Sweep::kBus);
  s.bench = BenchRecipe::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/nrf5340-assembly.json");
  Campaign c(s);
  EXPECT_GT(c.clean().transactions, c.clean().nvm_words);
  bool saw_uicr_write = false;
  for (const auto& op : c.clean().operations)
    saw_uicr_write = saw_uicr_write || op.where.find("UICR") != std::string::npos;
  EXPECT_TRUE(saw_uicr_write);
}

TEST(CampaignDeterminism, SameFlowSweepSeedGiveTheSameReport) {
  const Shard shard{2, 5};
  Campaign a(spec("host-key-provisioning", Sweep::kBus, shard));
  Campaign b(spec("host-key-provisioning", Sweep::kBus, shard));
  EXPECT_EQ(to_json(a.run()).dump(), to_json(b.run()).dump());
}

TEST(CampaignCutPoint, EveryOracleHoldsForHostKeyProvisioningPowerCuts) {
  Campaign c(spec("host-key-provisioning", Sweep::kPowerCut, Shard{1, 4}));
  CampaignReport r = c.run();
  ASSERT_FALSE(r.cut_points.empty());
  for (const auto& p : r.cut_points) {
    EXPECT_TRUE(p.passed()) << "cut point " << p.index << " at " << p.where << ": " << p.outcome;
    EXPECT_EQ(p.kind, "nvm_write");
    EXPECT_EQ(p.oracles.size(), kOracleNames.size());
  }
}

TEST(CampaignCutPoint, DeviceAuthenticationSurvivesEveryCut) {
  // The flows write the NVM only when the chip draws its signature nonce (the random counter); every
  // bus transaction is a cut point too, the hash commands of the multi-step form included.
  for (const char* flow : {"device-authentication", "device-authentication-multistep"}) {
    for (Sweep sweep : {Sweep::kPowerCut, Sweep::kBus}) {
      Campaign c(spec(flow, sweep));
      CampaignReport r = c.run();
      ASSERT_FALSE(r.cut_points.empty()) << flow;
      EXPECT_EQ(r.cut_points.size(), c.total_cut_points());
      for (const auto& p : r.cut_points) {
        EXPECT_TRUE(p.passed()) << flow << " cut point " << p.index << " at " << p.where << ": " << p.outcome;
        EXPECT_EQ(p.oracles.size(), kOracleNames.size());
      }
    }
  }
  Campaign multistep(spec("device-authentication-multistep", Sweep::kBus));
  Campaign one_shot(spec("device-authentication", Sweep::kBus));
  EXPECT_GT(multistep.total_cut_points(), one_shot.total_cut_points()) << "the hash commands add transactions";
}

TEST(CampaignCutPoint, ACutBeforeTheFirstTransactionLeavesTheChipUntouched) {
  Campaign c(spec("host-key-provisioning", Sweep::kBus));
  CutPointResult r = c.run_cut_point(0);
  EXPECT_EQ(r.interrupted, "rolled_back");
  EXPECT_NE(r.host_result, "ok");
  EXPECT_EQ(r.rerun_result, "ok");
  EXPECT_EQ(r.outcome, "converged");
  EXPECT_TRUE(r.passed());
}

CampaignSpec on_flow_bench(const Flow& flow, Sweep sweep, FlowMode mode) {
  CampaignSpec s;
  s.flow = &flow;
  s.sweep = sweep;
  s.mode = mode;
  s.fixture = flow.default_fixture.empty() ? "default" : std::string(flow.default_fixture);
  if (!flow.default_fixture.empty()) {
    s.bench = BenchRecipe::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + s.fixture);
  }
  return s;
}

TEST(CampaignModes, EveryFlowRunsCleanInBothModesWithoutAFailureLine) {
  // The Campaign constructor refuses a clean run whose transcript reports a failed step.
  for (const auto& flow : flows()) {
    if (!flow.in_campaigns) continue;
    for (FlowMode mode : {FlowMode::kReference, FlowMode::kResumable}) {
      EXPECT_NO_THROW(Campaign(on_flow_bench(flow, Sweep::kPowerCut, mode))) << flow.name << " " << mode_name(mode);
    }
  }
}

TEST(CampaignModes, TheReferenceNrfFlowRefusesWhatTheResumableOneFinishes) {
  const Flow& flow = *find_flow("identity-key-generation");
  Campaign reference(on_flow_bench(flow, Sweep::kPowerCut, FlowMode::kReference));
  Campaign resumable(on_flow_bench(flow, Sweep::kPowerCut, FlowMode::kResumable));
  ASSERT_EQ(reference.total_cut_points(), resumable.total_cut_points());
  // Word 1 is the MKEK slot's DEST, after the lifecycle moved to PROVISIONING.
  const CutPointResult ref = reference.run_cut_point(1);
  const CutPointResult res = resumable.run_cut_point(1);
  EXPECT_NE(ref.rerun_result, "ok") << "the reference application starts only from ASSEMBLY";
  EXPECT_EQ(res.rerun_result, "ok");
  EXPECT_EQ(res.outcome, "converged");
  EXPECT_EQ(to_json(reference.run())["mode"], "reference");
  EXPECT_EQ(to_json(resumable.run())["mode"], "resumable");
}

TEST(CampaignModes, TheTranscriptOracleJudgesTheCutRunAndTheRerun) {
  // Every reached cut point carries the verdict; after a cut the supply stays off for the rest of
  // the cut run, so the reference firmware's ignored HUK failure is followed by a failed identity key
  // write, not by "Success!".
  const Flow& flow = *find_flow("identity-key-generation");
  Campaign c(on_flow_bench(flow, Sweep::kPowerCut, FlowMode::kReference));
  for (uint64_t i : {uint64_t{8}, uint64_t{12}, uint64_t{20}}) {
    const CutPointResult r = c.run_cut_point(i);
    ASSERT_TRUE(r.oracles.count(kOracleNoSuccessAfterFailure)) << i;
    EXPECT_NE(r.host_result, "ok") << i;
    EXPECT_EQ(r.oracles.at(kOracleNoSuccessAfterFailure), r.success_after_failure.empty()) << i;
  }
}

}  // namespace
}  // namespace kb::tools::campaign

// The STSAFE-A120 private key, data partition, derive keys, GCM and key wrapping applications under both sweeps: every
// cut point is reached and converges with every oracle holding, so the campaigns (tools/campaigns.sh) can judge them.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tools/campaign/campaign_runner.h"
#include "tools/campaign/oracles.h"

namespace kb::tools::campaign {
namespace {

struct Case {
  const char* flow;
  Sweep sweep;
};

class StsafeAppsCampaign : public ::testing::TestWithParam<Case> {};

TEST_P(StsafeAppsCampaign, EveryCutPointConverges) {
  CampaignSpec s;
  s.flow = find_flow(GetParam().flow);
  ASSERT_NE(s.flow, nullptr);
  s.sweep = GetParam().sweep;
  s.fixture = "default";
  Campaign c(s);
  const CampaignReport r = c.run();
  ASSERT_GT(r.cut_points.size(), 10u);
  std::set<std::string> interrupted;
  for (const auto& p : r.cut_points) {
    EXPECT_TRUE(p.passed()) << "cut point " << p.index << " at " << p.where << ": " << p.outcome;
    EXPECT_EQ(p.outcome, "converged") << p.where;
    EXPECT_EQ(p.oracles.size(), kOracleNames.size());
    interrupted.insert(p.interrupted);
  }
  // Power cuts tear an NVM write, so the command rolls back; bus cuts also land after a command
  // took effect (its answer never read).
  EXPECT_TRUE(interrupted.count("rolled_back")) << GetParam().flow;
  if (GetParam().sweep == Sweep::kBus) {
    EXPECT_TRUE(interrupted.count("completed")) << GetParam().flow;
  }
  EXPECT_FALSE(interrupted.count("neither")) << GetParam().flow;
}

std::string case_name(const ::testing::TestParamInfo<Case>& param) {
  std::string name;
  for (const char* p = param.param.flow; *p; ++p) {
    if (*p != '-') name += *p;
  }
  return name + (param.param.sweep == Sweep::kPowerCut ? "PowerCut" : "Bus");
}

INSTANTIATE_TEST_SUITE_P(Flows, StsafeAppsCampaign,
                         ::testing::Values(Case{"key-pair-generation", Sweep::kPowerCut},
                                           Case{"key-pair-generation", Sweep::kBus}, Case{"ecdh", Sweep::kPowerCut},
                                           Case{"ecdh", Sweep::kBus}, Case{"secure-data-storage", Sweep::kPowerCut},
                                           Case{"secure-data-storage", Sweep::kBus},
                                           Case{"derive-keys", Sweep::kPowerCut}, Case{"derive-keys", Sweep::kBus},
                                           Case{"wrapped-gcm", Sweep::kPowerCut}, Case{"wrapped-gcm", Sweep::kBus},
                                           Case{"key-wrapping", Sweep::kPowerCut}, Case{"key-wrapping", Sweep::kBus}),
                         case_name);

}  // namespace
}  // namespace kb::tools::campaign

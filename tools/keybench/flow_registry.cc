#include "tools/keybench/flow_registry.h"

#include <array>

#include "firmware/host_key_provisioning/host_key_provisioning.h"

namespace kb::tools {

namespace {

core::Status run_host_key_provisioning(hal::host::HostTarget& target, const FlowOptions& options) {
  fw::HostKeyProvisioningOptions o;
  o.address7 = target.stsafe_address();
  o.wait_for_key = options.wait_for_key;
  return fw::run_host_key_provisioning(target.platform(), o);
}

const std::array<Flow, 1> kFlows = {{
    {"host-key-provisioning", "STSAFE-A120: write the host MAC and cipher keys in plaintext (reference example 7.1)",
     run_host_key_provisioning},
}};

}  // namespace

std::span<const Flow> flows() { return kFlows; }

const Flow* find_flow(std::string_view name) {
  for (const auto& f : kFlows) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace kb::tools

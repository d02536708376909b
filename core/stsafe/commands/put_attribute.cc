#include "core/stsafe/commands/put_attribute.h"

#include "core/stsafe/command_codes.h"

namespace kb::core::stsafe::commands {

namespace {

Status put(Transport& transport, uint8_t tag, std::span<const uint8_t> prefix, std::span<const uint8_t> value) {
  auto frame = CommandFrameBuilder(transport.command_buffer(), CommandHeader::standard(command_code::kPutAttribute))
                   .byte(tag)
                   .bytes(prefix)
                   .bytes(value)
                   .finish();
  if (!frame.ok()) return frame.status();
  return transport.transfer(*frame, expect_exactly(0)).status();
}

}  // namespace

Status put_host_key_control_fields(Transport& transport, const HostKeyControlFields& fields) {
  const auto value = fields.encode();
  return put(transport, attribute_tag::kHostKeyProvisioningControl, {}, value);
}

Status put_symmetric_slot_control_fields(Transport& transport, uint8_t slot, const SymmetricSlotControlFields& fields) {
  const uint8_t prefix[] = {slot};
  const auto value = fields.encode();
  return put(transport, attribute_tag::kSymmetricSlotProvisioningControl, prefix, value);
}

Status put_life_cycle(Transport& transport, LifeCycleState state) {
  const uint8_t value[] = {static_cast<uint8_t>(state)};
  return put(transport, attribute_tag::kLifeCycleState, {}, value);
}

}  // namespace kb::core::stsafe::commands

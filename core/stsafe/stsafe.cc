#include "core/stsafe/stsafe.h"

#include "core/stsafe/commands/echo.h"
#include "core/stsafe/commands/generate_random.h"
#include "core/stsafe/commands/put_attribute.h"
#include "core/stsafe/commands/query.h"
#include "core/stsafe/commands/reset.h"
#include "core/stsafe/commands/write_host_key.h"
#include "core/stsafe/timing.h"

namespace kb::core::stsafe {

Stsafe::Stsafe(hal::I2cInitiator& i2c, hal::Clock& clock, uint8_t address7, PollingPolicy policy)
    : transport_(i2c, clock, address7, policy) {}

Status Stsafe::init() {
  transport_.clock().sleep_ms(kBootTimeMs);
  auto product = commands::query_product_data(transport_);
  if (!product.ok()) return product.status();
  product_data_ = *product;
  // The count query looks redundant, since the table query carries the count too; it is kept so
  // the bus traffic matches ST's library, which sizes its buffer from the first answer.
  auto count = commands::query_command_count(transport_);
  if (!count.ok()) return count.status();
  auto table = commands::query_command_access_table(transport_);
  if (!table.ok()) return table.status();
  command_access_table_ = *table;
  return Code::kOk;
}

Status Stsafe::echo(std::span<const uint8_t> in, std::span<uint8_t> out) {
  return commands::echo(transport_, in, out);
}

Status Stsafe::reset() {
  return commands::reset(transport_);
}

Status Stsafe::generate_random(std::span<uint8_t> out) {
  return commands::generate_random(transport_, out);
}

Result<ProductData> Stsafe::query_product_data() {
  return commands::query_product_data(transport_);
}

Result<LifeCycleState> Stsafe::query_life_cycle() {
  return commands::query_life_cycle(transport_);
}

Result<CommandAccessTable> Stsafe::query_command_access_table() {
  return commands::query_command_access_table(transport_);
}

Result<HostKeySlot> Stsafe::query_host_key_slot() {
  return commands::query_host_key_slot(transport_);
}

Result<HostKeyControlFields> Stsafe::query_host_key_control_fields() {
  return commands::query_host_key_control_fields(transport_);
}

Status Stsafe::put_host_key_control_fields(const HostKeyControlFields& fields) {
  return commands::put_host_key_control_fields(transport_, fields);
}

Result<SymmetricKeyTable> Stsafe::query_symmetric_key_table() {
  return commands::query_symmetric_key_table(transport_);
}

Result<SymmetricSlotControlFields> Stsafe::query_symmetric_slot_control_fields(uint8_t slot) {
  return commands::query_symmetric_slot_control_fields(transport_, slot);
}

Status Stsafe::put_symmetric_slot_control_fields(uint8_t slot, const SymmetricSlotControlFields& fields) {
  return commands::put_symmetric_slot_control_fields(transport_, slot, fields);
}

Status Stsafe::write_host_key_plaintext(HostKeyType type, std::span<const uint8_t> mac_key,
                                        std::span<const uint8_t> cipher_key) {
  return commands::write_host_key_plaintext(transport_, type, mac_key, cipher_key);
}

}  // namespace kb::core::stsafe

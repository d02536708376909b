#pragma once
// The STSAFE-A120 as the provisioning applications see it: one object per device, every command
// a method, every failure a Status. Commands are sent unprotected (no host session here).
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/transport.h"
#include "core/stsafe/types.h"
#include "hal/clock.h"
#include "hal/i2c_initiator.h"

namespace kb::core::stsafe {

class Stsafe {
 public:
  Stsafe(hal::I2cInitiator& i2c, hal::Clock& clock, uint8_t address7 = kDefaultAddress7, PollingPolicy policy = {});

  // What ST's stse_init does on the bus (fact sheet 6.2): wait the boot time, query the product
  // data (checked to be an A120), then query the command authorization table twice — once for
  // the record count, once for the records. The answers are kept (product_data(),
  // command_access_table()).
  Status init();

  Status echo(std::span<const uint8_t> in, std::span<uint8_t> out);
  Status reset();
  Status generate_random(std::span<uint8_t> out);

  Result<ProductData> query_product_data();
  Result<LifeCycleState> query_life_cycle();
  Result<CommandAccessTable> query_command_access_table();
  Result<HostKeySlot> query_host_key_slot();
  Result<HostKeyControlFields> query_host_key_control_fields();
  Status put_host_key_control_fields(const HostKeyControlFields& fields);
  Result<SymmetricKeyTable> query_symmetric_key_table();
  Result<SymmetricSlotControlFields> query_symmetric_slot_control_fields(uint8_t slot);
  Status put_symmetric_slot_control_fields(uint8_t slot, const SymmetricSlotControlFields& fields);
  // Wrong key lengths → kInvalidArgument, nothing sent.
  Status write_host_key_plaintext(HostKeyType type, std::span<const uint8_t> mac_key,
                                  std::span<const uint8_t> cipher_key);

  // Valid after a successful init(); default values before.
  const ProductData& product_data() const { return product_data_; }
  const CommandAccessTable& command_access_table() const { return command_access_table_; }

  Transport& transport() { return transport_; }

 private:
  Transport transport_;
  ProductData product_data_{};
  CommandAccessTable command_access_table_{};
};

}  // namespace kb::core::stsafe

#include "firmware/wrapped_cmac/wrapped_key_steps.h"

#include "firmware/host_key_provisioning/host_key_provisioning.h"

namespace kb::fw::wrapped {

namespace {
using core::Code;
using core::Status;
using core::stsafe::HostKeyType;
using core::stsafe::SymmetricSlotControlFields;
}  // namespace

Status resolve_host_keys(hal::Console& c, HostKeys& keys) {
  if (keys.mac_key.empty() && keys.cipher_key.empty()) {
    keys.type = HostKeyType::kAes128;
    keys.mac_key = kTestHostMacKey;
    keys.cipher_key = kTestHostCipherKey;
  }
  const size_t length = core::stsafe::host_key_length(keys.type);
  if (keys.mac_key.size() != length || keys.cipher_key.size() != length) {
    c.print("\n ## host keys must be %u bytes each for the selected key type\n", static_cast<unsigned>(length));
    return Code::kInvalidArgument;
  }
  return Code::kOk;
}

void print_banner(hal::Console& c, const char* algorithm) {
  c.write(
      "----------------------------------------------------------------------------------------------------------------"
      "\n"
      "-              STSAFE-A120 Symmetric key cryptography and key provisioning wrapped example                     "
      "-\n");
  c.print("-                                              %-64s-\n", algorithm);
  c.write(
      "----------------------------------------------------------------------------------------------------------------"
      "\n");
}

Status report(hal::Console& c, const char* step, Status s) {
  char why[96];
  c.print("\n ## %s ERROR : %s\n", step, s.describe(why, sizeof why));
  return s;
}

Status ensure_host_session(hal::Console& c, core::stsafe::Stsafe& se, const HostKeys& keys) {
  auto slot = se.query_host_key_slot();
  if (!slot.ok()) return report(c, "stsafea_query_host_key_slot", slot.status());
  if (!slot->present) {
    auto fields = se.query_host_key_control_fields();
    if (!fields.ok()) return report(c, "stsafea_query_host_key_provisioning_ctrl_fields", fields.status());
    if (fields->wrapped_anonymous) {
      c.write(" - No host key in the target: writing the test host keys wrapped\n");
      if (Status s = se.write_host_key_wrapped(keys.type, keys.mac_key, keys.cipher_key); !s.ok()) {
        return report(c, "stse_host_key_provisioning_wrapped", s);
      }
    } else if (fields->plaintext) {
      c.write(" - No host key in the target: writing the test host keys in plaintext (development only)\n");
      if (Status s = se.write_host_key_plaintext(keys.type, keys.mac_key, keys.cipher_key); !s.ok()) {
        return report(c, "stse_host_key_provisioning", s);
      }
    } else {
      c.write("\n ## No host key in the target, and its control fields allow neither wrapped nor plaintext writes\n");
      return Code::kRefused;
    }
  }
  c.write(" - Establish host secure session\n");
  if (Status s = se.open_host_session(keys.mac_key, keys.cipher_key); !s.ok()) {
    return report(c, "stsafea_open_host_session", s);
  }
  return Code::kOk;
}

Status ensure_slot_accepts_wrapped(hal::Console& c, core::stsafe::Stsafe& se, uint8_t slot) {
  auto fields = se.query_symmetric_slot_control_fields(slot);
  if (!fields.ok()) return report(c, "stsafea_query_symmetric_key_slot_provisioning_ctrl_fields", fields.status());
  if (fields->wrapped_anonymous) return Code::kOk;
  if (!fields->change_right) {
    c.print("\n ## Slot %u does not accept wrapped keys and its control fields can no longer change\n",
            static_cast<unsigned>(slot));
    return Code::kRefused;
  }
  SymmetricSlotControlFields open = *fields;
  open.ecdhe_anonymous = true;
  open.wrapped_anonymous = true;
  open.change_right = false;
  const auto bytes = open.encode();
  c.print(" - Open slot %u to wrapped key provisioning (control fields %02X %02X %02X)\n", static_cast<unsigned>(slot),
          bytes[0], bytes[1], bytes[2]);
  if (Status s = se.put_symmetric_slot_control_fields(slot, open); !s.ok()) {
    return report(c, "stsafea_put_symmetric_key_slot_provisioning_ctrl_fields", s);
  }
  return Code::kOk;
}

Status provision_wrapped(hal::Console& c, core::stsafe::Stsafe& se, const core::stsafe::SymmetricKeyInfo& info,
                         std::span<const uint8_t> key) {
  if (Status s = se.write_symmetric_key_wrapped(info, key); !s.ok()) {
    if (s.code() == Code::kDeviceStatus && s.device_status() == 0x1E) {
      c.write("\n ## The slot's provisioning control fields do not allow this method\n");
    }
    return report(c, "stse_write_symmetric_key_wrapped", s);
  }
  auto table = se.query_symmetric_key_table();
  if (!table.ok()) return report(c, "stse_get_symmetric_key_table_info", table.status());
  if (info.slot >= table->count) return report(c, "stse_get_symmetric_key_table_info", Code::kResponseMalformed);
  const core::stsafe::SymmetricKeySlotInfo& held = table->slots[info.slot];
  if (!held.present || held.key_type != info.key_type || held.mode != info.mode) {
    c.print("\n ## Slot %u does not hold the key just written\n", static_cast<unsigned>(info.slot));
    return Code::kResponseMalformed;
  }
  return Code::kOk;
}

}  // namespace kb::fw::wrapped

#include "firmware/host_key_provisioning_wrapped/host_key_provisioning_wrapped.h"

#include <array>

#include "core/stsafe/stsafe.h"
#include "core/stsafe/wipe.h"
#include "firmware/console_format.h"
#include "firmware/host_key_provisioning/host_key_provisioning.h"

namespace kb::fw {

namespace {

using core::Code;
using core::Result;
using core::Status;
using core::stsafe::HostKeyControlFields;
using core::stsafe::HostKeyType;

const char* yes_no(bool v) {
  return v ? "YES" : "NO ";
}

void print_banner(hal::Console& c) {
  c.write(
      " ---------------------------------------------------------------------------------------------------------------"
      "-\n"
      " -                              STSAFE-A120 Host key provisioning wrapped example                               "
      "-\n"
      " ---------------------------------------------------------------------------------------------------------------"
      "-\n"
      " -\n"
      " - description :\n"
      " - This examples illustrates production host keys provisioning of a target STSAFE-A120 device:\n"
      " - the keys are wrapped (or derived by ECDHE) and plaintext provisioning is forbidden afterwards\n"
      " -\n"
      " ---------------------------------------------------------------------------------------------------------------"
      "-\n");
}

void print_control_fields(hal::Console& c, const HostKeyControlFields& f) {
  c.write("\n - Host key slot provisioning control fields :\n\n");
  c.write(" --------------+--------------+-----------+-------------------+----------------------------\n");
  c.write("  Change right | Re-provision | Plaintext | Wrapped anonymous | Wrapped authentication key\n");
  c.write(" --------------+--------------+-----------+-------------------+----------------------------\n");
  c.print("\t  %s      |     %s      |    %s    |        %s        |            0x%02X\n", yes_no(f.change_right),
          yes_no(f.reprovision), yes_no(f.plaintext), yes_no(f.wrapped_anonymous), f.authentication_key_slot);
  c.write(" --------------+--------------+-----------+-------------------+----------------------------\n");
}

Status report(hal::Console& c, const char* step, Status s) {
  char why[96];
  c.print("\n ## %s ERROR : %s\n", step, s.describe(why, sizeof why));
  return s;
}

const char* type_name(HostKeyType t) {
  return t == HostKeyType::kAes256 ? "AES-256" : "AES-128";
}

// The fields production leaves behind: only wrapped (or ECDHE) provisioning, frozen.
HostKeyControlFields production_fields(const HostKeyProvisioningWrappedOptions& o, uint8_t authentication_key) {
  HostKeyControlFields f;
  f.change_right = false;
  f.reprovision = o.allow_reprovisioning;
  f.plaintext = false;
  f.wrapped_anonymous = true;
  f.authentication_key_slot = authentication_key;
  return f;
}

// Brings the control fields to production before anything is written. kRefused when they are
// frozen in a state that allows plaintext or forbids wrapped provisioning.
Result<HostKeyControlFields> restrict_control_fields(hal::Console& c, core::stsafe::Stsafe& se,
                                                     const HostKeyControlFields& fields,
                                                     const HostKeyProvisioningWrappedOptions& o) {
  if (fields.change_right) {
    const HostKeyControlFields wanted = production_fields(o, fields.authentication_key_slot);
    c.print("\n - Restrict host key slot: wrapped/ECDHE provisioning only, plaintext forbidden%s\n",
            wanted.reprovision ? "" : ", write-once");
    if (Status s = se.put_host_key_control_fields(wanted); !s.ok()) {
      return report(c, "stsafea_put_host_key_provisioning_ctrl_fields", s);
    }
    return wanted;
  }
  if (fields.plaintext) {
    c.write("\n ## Host key control fields are frozen with plaintext provisioning allowed: not production-safe\n");
    return Status(Code::kRefused);
  }
  if (!fields.wrapped_anonymous) {
    c.write("\n ## Host key control fields are frozen without wrapped provisioning: keys cannot be provisioned\n");
    return Status(Code::kRefused);
  }
  c.write("\n - Host key provisioning control fields already set: plaintext forbidden\n");
  return fields;
}

Status check_options(hal::Console& c, const HostKeyProvisioningWrappedOptions& o, std::span<const uint8_t> mac,
                     std::span<const uint8_t> cipher) {
  const size_t length = core::stsafe::host_key_length(o.key_type);
  const bool wrapped_ok = o.method != HostKeyMethod::kWrapped || (mac.size() == length && cipher.size() == length);
  const bool ecdhe_ok =
      o.method != HostKeyMethod::kEcdhe || ((o.derived_mac_key.empty() || o.derived_mac_key.size() == length) &&
                                            (o.derived_cipher_key.empty() || o.derived_cipher_key.size() == length));
  if (wrapped_ok && ecdhe_ok) return Code::kOk;
  c.print("\n ## host keys must be %u bytes each for the selected key type\n", static_cast<unsigned>(length));
  return Code::kInvalidArgument;
}

}  // namespace

Status run_host_key_provisioning_wrapped(hal::Platform& platform, const HostKeyProvisioningWrappedOptions& options) {
  hal::Console& c = platform.console;
  const bool test_keys = options.mac_key.empty() && options.cipher_key.empty();
  HostKeyProvisioningWrappedOptions o = options;
  if (test_keys && o.method == HostKeyMethod::kWrapped) o.key_type = HostKeyType::kAes128;
  const std::span<const uint8_t> mac = test_keys ? std::span<const uint8_t>(kTestHostMacKey) : o.mac_key;
  const std::span<const uint8_t> cipher = test_keys ? std::span<const uint8_t>(kTestHostCipherKey) : o.cipher_key;
  KB_TRY(check_options(c, o, mac, cipher));

  print_banner(c);
  c.write("\n - Initialize target STSAFE-A120\n");
  core::stsafe::Stsafe se(platform.i2c, platform.clock, platform.crypto, o.address7);
  if (Status s = se.init(); !s.ok()) return report(c, "stse_init", s);

  if (o.method == HostKeyMethod::kWrapped) {
    c.write("\n - Host mac key to write (wrapped) :\n\n");
    print_hex_line(c, mac);
    c.write("\n - Host cipher key to write (wrapped) :\n\n");
    print_hex_line(c, cipher);
  } else {
    c.print("\n - Host keys (%s) will be derived by ECDHE: no key value crosses the bus\n", type_name(o.key_type));
  }

  auto fields = se.query_host_key_control_fields();
  if (!fields.ok()) return report(c, "stsafea_query_host_key_provisioning_ctrl_fields", fields.status());
  print_control_fields(c, *fields);
  auto slot = se.query_host_key_slot();
  if (!slot.ok()) return report(c, "stsafea_query_host_key_slot", slot.status());

  auto frozen = restrict_control_fields(c, se, *fields, o);
  if (!frozen.ok()) return frozen.status();
  if (slot->present && !frozen->reprovision) {
    c.print("\n - Host key slot already holds %s keys and is write-once: nothing to write\n", type_name(slot->type));
    c.write("\n - stse_host_key_provisioning_wrapped : PASS\n\n");
    return Status();
  }

  std::array<uint8_t, 32> derived_mac{};
  std::array<uint8_t, 32> derived_cipher{};
  const size_t length = core::stsafe::host_key_length(o.key_type);
  const std::span<uint8_t> out_mac = std::span<uint8_t>(derived_mac).first(length);
  const std::span<uint8_t> out_cipher = std::span<uint8_t>(derived_cipher).first(length);
  const char* step =
      o.method == HostKeyMethod::kWrapped ? "stse_host_key_provisioning_wrapped" : "stse_establish_host_key";
  Status written = o.method == HostKeyMethod::kWrapped ? se.write_host_key_wrapped(o.key_type, mac, cipher)
                                                       : se.establish_host_key(o.key_type, out_mac, out_cipher);
  if (!written.ok()) {
    if (written.code() == Code::kDeviceStatus && written.device_status() == 0x1E) {
      c.write("\n ## The host key slot's provisioning control fields do not allow this method\n");
    }
    return report(c, step, written);
  }

  // A fresh session on the new keys: the chip must report them present, of the type written,
  // with its C-MAC counter restarted.
  const std::span<const uint8_t> session_mac = o.method == HostKeyMethod::kWrapped ? mac : out_mac;
  const std::span<const uint8_t> session_cipher = o.method == HostKeyMethod::kWrapped ? cipher : out_cipher;
  Status opened = se.open_host_session(session_mac, session_cipher);
  if (opened.ok() && se.host_session().key_type() != o.key_type) opened = Code::kResponseMalformed;
  if (!opened.ok()) {
    core::stsafe::wipe(derived_mac);
    core::stsafe::wipe(derived_cipher);
    return report(c, "stsafea_open_host_session", opened);
  }
  c.print("\n - Host key slot: present, %s, C-MAC counter %u\n", type_name(se.host_session().key_type()),
          static_cast<unsigned>(se.host_session().counter()));
  se.close_host_session();

  if (o.method == HostKeyMethod::kEcdhe) {
    c.write("\n - Derived host mac key :\n\n");
    print_hex_line(c, out_mac);
    c.write("\n - Derived host cipher key :\n\n");
    print_hex_line(c, out_cipher);
    if (!o.derived_mac_key.empty()) std::copy(out_mac.begin(), out_mac.end(), o.derived_mac_key.begin());
    if (!o.derived_cipher_key.empty()) std::copy(out_cipher.begin(), out_cipher.end(), o.derived_cipher_key.begin());
  }
  core::stsafe::wipe(derived_mac);
  core::stsafe::wipe(derived_cipher);
  c.print("\n - %s : PASS\n\n", step);
  return Status();
}

}  // namespace kb::fw

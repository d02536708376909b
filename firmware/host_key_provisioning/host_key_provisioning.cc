#include "firmware/host_key_provisioning/host_key_provisioning.h"

#include "core/stsafe/stsafe.h"
#include "firmware/console_format.h"

namespace kb::fw {

const uint8_t kTestHostMacKey[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                     0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
const uint8_t kTestHostCipherKey[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                        0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};

namespace {

using core::Status;
using core::stsafe::HostKeyControlFields;

const char* yes_no(bool v) {
  return v ? "YES" : "NO ";
}

void print_banner(hal::Console& c) {
  c.write(
      " ---------------------------------------------------------------------------------------------------------------"
      "-\n"
      " -                                  STSAFE-A120 Host key provisioning example                                   "
      "-\n"
      " ---------------------------------------------------------------------------------------------------------------"
      "-\n"
      " -\n"
      " - description :\n"
      " - This examples illustrates host keys provisioning of a target STSAFE-A120 device\n"
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

void print_warning(hal::Console& c, bool wait_for_key) {
  c.write(
      "\n "
      "+--------------------------------------------------------------------------------------------------------------+"
      "\n"
      " |                                                                                                              "
      "|\n"
      " |                                           /!\\ W A R N I N G /!\\                                            "
      "  |\n"
      " |                                                                                                              "
      "|\n"
      " | The program will write test keys in the target STSAFE-A120 and enable re-provisioning                        "
      "|\n"
      " | It will add two following constraints:                                                                       "
      "|\n"
      " |    - The host keys slot will be opened to re-provisioning forever and this id not be suitable for production "
      "|\n"
      " |    - The target STSAFE-A120 will no longer support stse_host_key_provisioning_wrapped_authenticated          "
      "|\n"
      " |                                                                                                              "
      "|\n");
  if (wait_for_key) {
    c.write(
        " | Press any key to continue and write the host keys :                                                        "
        "  |\n");
  }
  c.write(
      " |                                                                                                              "
      "|\n"
      " +--------------------------------------------------------------------------------------------------------------"
      "+\n");
}

Status report(hal::Console& c, const char* step, Status s) {
  char why[96];
  c.print("\n ## %s ERROR : %s\n", step, s.describe(why, sizeof why));
  return s;
}

}  // namespace

Status run_host_key_provisioning(hal::Platform& platform, const HostKeyProvisioningOptions& options) {
  hal::Console& c = platform.console;
  const size_t key_len = options.key_type == core::stsafe::HostKeyType::kAes256 ? 32 : 16;
  std::span<const uint8_t> mac = options.mac_key.empty() ? std::span<const uint8_t>(kTestHostMacKey) : options.mac_key;
  std::span<const uint8_t> cipher =
      options.cipher_key.empty() ? std::span<const uint8_t>(kTestHostCipherKey) : options.cipher_key;
  if (mac.size() != key_len || cipher.size() != key_len) {
    c.print("\n ## host keys must be %u bytes each for the selected key type\n", static_cast<unsigned>(key_len));
    return core::Code::kInvalidArgument;
  }

  print_banner(c);
  c.write("\n - Initialize target STSAFE-A120\n");
  core::stsafe::Stsafe se(platform.i2c, platform.clock, options.address7);
  if (Status s = se.init(); !s.ok()) return report(c, "stse_init", s);

  c.write("\n - Host mac key to write :\n\n");
  print_hex_line(c, mac);
  c.write("\n - Host cipher key to write :\n\n");
  print_hex_line(c, cipher);

  auto fields = se.query_host_key_control_fields();
  if (!fields.ok()) return report(c, "stsafea_query_host_key_provisioning_ctrl_fields", fields.status());
  // The reference prints from a second query of the same fields.
  auto shown = se.query_host_key_control_fields();
  if (!shown.ok()) return report(c, "stsafea_query_host_key_provisioning_ctrl_fields", shown.status());
  print_control_fields(c, *shown);

  print_warning(c, options.wait_for_key);
  if (options.wait_for_key) (void)c.read_key();

  if (fields->change_right) {
    c.write("\n - Open host key slot to re-provisioning\n");
    HostKeyControlFields open{};
    open.change_right = false;
    open.reprovision = true;
    open.plaintext = true;
    open.wrapped_anonymous = true;
    open.authentication_key_slot = 0xFF;
    if (Status s = se.put_host_key_control_fields(open); !s.ok()) {
      return report(c, "stsafea_put_host_key_provisioning_ctrl_fields", s);
    }
  } else if (fields->reprovision) {
    c.write("\n - Host key provisioning control fields already set\n");
  } else {
    c.write("\n ## Host key slot is locked: change right and re-provisioning are both disabled\n");
    return core::Code::kRefused;
  }

  if (Status s = se.write_host_key_plaintext(options.key_type, mac, cipher); !s.ok()) {
    return report(c, "stse_host_key_provisioning", s);
  }
  c.write("\n - stse_host_key_provisioning : PASS\n\n");
  return Status();
}

}  // namespace kb::fw

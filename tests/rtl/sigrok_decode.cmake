# Runs host key provisioning with --vcd over the RTL bus (its lines) or the transaction-level bus
# (synthesized edges), then PulseView's I2C protocol decoder (sigrok-cli) on the waveform: the file
# must load and decode as the transactions the flow made.
# -DKEYBENCH=<cli> -DSIGROK=<sigrok-cli> -DBUS=rtl|transaction -DWORK=<scratch dir>
cmake_policy(SET CMP0007 NEW)
file(MAKE_DIRECTORY ${WORK})
set(vcd ${WORK}/hkp.vcd)
file(REMOVE ${vcd})
execute_process(COMMAND ${KEYBENCH} run host-key-provisioning --bus ${BUS} --vcd ${vcd}
  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "keybench run failed (${rc}): ${err}")
endif()
# One sample per 10 ns instead of per nanosecond: a second-long run is then 10^8 samples, not 10^9,
# and the closest two edges of either bus (hundreds of nanoseconds apart) still never share one.
execute_process(COMMAND ${SIGROK} -i ${vcd} -I vcd:downsample=10 -P i2c:scl=scl:sda=sda
  -A i2c=address-read:address-write:data-read:data-write
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sigrok-cli failed (${rc}): ${err}")
endif()
string(REPLACE "\n" ";" all_lines "${out}")
# The address and data rows (the decoder also prints a "Write" / "Read" row per transaction).
set(lines)
foreach(line IN LISTS all_lines)
  if(line MATCHES "(Address|Data) (read|write): ")
    list(APPEND lines "${line}")
  endif()
endforeach()
# The first frame: the write of the first command to 0x20 (4 bytes: 14 11 FC BE).
list(SUBLIST lines 0 5 head)
set(expected "i2c-1: Address write: 20;i2c-1: Data write: 14;i2c-1: Data write: 11;i2c-1: Data write: FC;i2c-1: Data write: BE")
if(NOT head STREQUAL expected)
  message(FATAL_ERROR "first decoded frame:\n${head}\nexpected:\n${expected}")
endif()
set(addresses 0)
foreach(line IN LISTS lines)
  if(line MATCHES "Address (read|write): ([0-9A-F]+)")
    if(NOT CMAKE_MATCH_2 STREQUAL "20")
      message(FATAL_ERROR "decoder saw address ${CMAKE_MATCH_2}: ${line}")
    endif()
    math(EXPR addresses "${addresses} + 1")
  endif()
endforeach()
# Every transaction of the flow (117 on the transaction bus, same on the RTL bus) decodes.
if(NOT addresses EQUAL 117)
  message(FATAL_ERROR "decoded ${addresses} transactions, expected 117")
endif()
message(STATUS "sigrok-cli decoded ${addresses} transactions")

import type { IServices } from 'soap';

/** The path of the fixtures' PhoneVerify soap:address: soap's server picks the port by it. */
export const PHONE_VERIFY_PATH = '/phoneverify/phoneverify.asmx';

/** The CheckPhoneNumber service of the fixtures' mock backend, answering `<Valid>true</Valid>`; licence key `0` only. */
export function phoneVerifyServices(): IServices {
  const port = {
    CheckPhoneNumber: (args: { PhoneNumber?: string; LicenseKey?: string }) => {
      if (args.LicenseKey !== '0') throw { Fault: { faultcode: 'soap:Client', faultstring: 'invalid license key', statusCode: 500 } };
      return { CheckPhoneNumberResult: { Company: 'Toll Free', Valid: true, OriginalNumber: args.PhoneNumber, Wireless: false } };
    },
  };
  return { PhoneVerify: { PhoneVerifySoap: port, PhoneVerifySoap12: port } };
}

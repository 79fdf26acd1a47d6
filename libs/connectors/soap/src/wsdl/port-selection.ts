import { type Problem } from '#core';
import { SOAP_11 } from '../soap-version.js';
import { type WsdlBinding, type WsdlPort, type WsdlSoapBindings } from './wsdl-bindings.js';

export interface SelectedPort {
  readonly port: WsdlPort;
  readonly binding: WsdlBinding;
}

/**
 * Picks the service and port of a mapping. Without a service the WSDL must have exactly one with
 * SOAP ports; without a port the first SOAP 1.1 port wins, else the first SOAP 1.2 one.
 */
export function selectPort(bindings: WsdlSoapBindings, service?: string, port?: string): SelectedPort | Problem {
  const soapPorts = (ports: readonly WsdlPort[]) => ports.filter((p) => bindings.bindings.has(p.binding));
  const services = [...bindings.services].filter(([, ports]) => soapPorts(ports).length > 0);
  const names = services.map(([name]) => name).join(', ') || 'none';
  let ports: WsdlPort[];
  if (service !== undefined) {
    const found = services.find(([name]) => name === service);
    if (!found) return { code: 'soap.service-unknown', message: `the WSDL has no SOAP service ${service} (services: ${names})` };
    ports = soapPorts(found[1]);
  } else if (services.length === 1) {
    ports = soapPorts(services[0]![1]);
  } else {
    const reason = services.length === 0 ? 'the WSDL has no service with a SOAP port' : `the WSDL has several services (${names}): name one in x-portico-soap.service`;
    return { code: 'soap.service-unknown', message: reason };
  }
  const chosen =
    port !== undefined
      ? ports.find((p) => p.name === port)
      : (ports.find((p) => bindings.bindings.get(p.binding)!.version === SOAP_11) ?? ports[0]);
  if (!chosen) {
    const available = ports.map((p) => `${p.name} (SOAP ${bindings.bindings.get(p.binding)!.version.name})`).join(', ');
    return { code: 'soap.port-unknown', message: `the service ${ports[0]?.service ?? service} has no SOAP port ${port} (ports: ${available})` };
  }
  return { port: chosen, binding: bindings.bindings.get(chosen.binding)! };
}

import { type GatewayEvent, GatewayEventBus, type PublishedEvent } from './gateway-events.js';

const api = { id: 'abc', name: 'Pets', version: '1.0.0' };
const deployed: GatewayEvent = { type: 'api.deployed', api, basePath: '/pets', environments: ['Default'], vhosts: ['localhost'], created: true, origin: 'admin' };
const undeployed: GatewayEvent = { type: 'api.undeployed', api, environments: ['Default'], vhosts: ['localhost'] };

describe('GatewayEventBus', () => {
  it('numbers events in publishing order, stamps their time and hands them to every listener', () => {
    const bus = new GatewayEventBus();
    const first: PublishedEvent[] = [];
    const second: PublishedEvent[] = [];
    bus.subscribe((e) => first.push(e));
    bus.subscribe((e) => second.push(e));
    expect(bus.lastSequence).toBe(0);
    bus.publish(deployed);
    bus.publish(undeployed);
    expect(first.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'api.deployed'],
      [2, 'api.undeployed'],
    ]);
    expect(second).toEqual(first);
    expect(first[0]).toMatchObject(deployed);
    expect(new Date(first[0].at).toISOString()).toBe(first[0].at);
    expect(bus.lastSequence).toBe(2);
  });

  it('counts events published while nobody listens, so a late subscriber sees where the sequence stands', () => {
    const bus = new GatewayEventBus();
    bus.publish(deployed);
    const seen: number[] = [];
    bus.subscribe((e) => seen.push(e.sequence));
    bus.publish(undeployed);
    expect(seen).toEqual([2]);
  });

  it('stops delivering once unsubscribed, and unsubscribing twice is harmless', () => {
    const bus = new GatewayEventBus();
    const seen: string[] = [];
    const listener = (e: PublishedEvent): void => void seen.push(e.type);
    const unsubscribe = bus.subscribe(listener);
    const other = bus.subscribe(listener);
    bus.publish(deployed);
    unsubscribe();
    unsubscribe();
    bus.publish(undeployed);
    other();
    bus.publish(deployed);
    expect(seen).toEqual(['api.deployed', 'api.deployed', 'api.undeployed']);
  });

  it('never throws into the publisher: a failing listener is reported once and the others still get every event', () => {
    const reports: string[] = [];
    const bus = new GatewayEventBus((message) => reports.push(message));
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error('broken subscriber');
    });
    bus.subscribe((e) => seen.push(e.sequence));
    expect(() => {
      bus.publish(deployed);
      bus.publish(undeployed);
    }).not.toThrow();
    expect(seen).toEqual([1, 2]);
    expect(reports).toEqual(['a gateway event listener failed on api.deployed (reported once per listener)']);
  });

  it('survives a report function that throws too', () => {
    const bus = new GatewayEventBus(() => {
      throw new Error('logger down');
    });
    bus.subscribe(() => {
      throw new Error('broken subscriber');
    });
    expect(() => bus.publish(deployed)).not.toThrow();
  });
});

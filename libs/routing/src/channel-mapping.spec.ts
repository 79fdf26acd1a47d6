import { ChannelMapping } from './channel-mapping.js';

describe('ChannelMapping (spec §10.2)', () => {
  it('fills {uri.var.x} from the channel parameters, in any order', () => {
    expect(new ChannelMapping('/rooms/{roomID}', '/rooms?room={uri.var.roomID}').upstreamPath(['room1'])).toBe('/rooms?room=room1');
    expect(new ChannelMapping('/a/{x}/b/{y}', 'pairs/{uri.var.y}-{uri.var.x}').upstreamPath(['1', '2'])).toBe('/pairs/2-1');
  });

  it('calls the endpoint base path without a mapping: the topic is not appended', () => {
    expect(new ChannelMapping('/notifications', undefined).upstreamPath([])).toBe('/');
  });

  it('keeps a variable the channel does not have as written, and names it', () => {
    expect(new ChannelMapping('/rooms/{roomID}', '/rooms/{uri.var.other}').upstreamPath(['room1'])).toBe('/rooms/{uri.var.other}');
    expect(ChannelMapping.unknownVariables('/rooms/{roomID}', '/rooms/{uri.var.other}?r={uri.var.roomID}')).toEqual(['other']);
  });
});

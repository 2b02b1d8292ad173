'use strict';
'require form';
'require network';

// proto 'ra6c' (/lib/netifd/proto/ra6c.sh): each option here is one the handler declares, with
// the same name as proto 'dhcpv6' where it means the same. netifd drops a UCI list given for
// an option declared as a string (uci blob.c), so only the handler's arrays (ip6prefix,
// sendopts) are lists here; reqopts is one space-separated value, as for dhcpv6.

return network.registerProtocol('ra6c', {
	getI18n: function() {
		return _('DHCPv6 client (ra6c)');
	},

	getPackageName: function() {
		return 'ra6c';
	},

	// LuCI before getPackageName
	getOpkgPackage: function() {
		return 'ra6c';
	},

	renderFormOptions: function(s) {
		var o;

		o = s.taboption('general', form.ListValue, 'reqaddress', _('Request IPv6-address'));
		o.value('try', _('try'));
		o.value('force', _('force'));
		o.value('none', _('disabled'));
		o.default = 'try';

		o = s.taboption('general', form.Value, 'reqprefix', _('Request IPv6-prefix of length'));
		o.value('auto', _('Automatic'));
		o.value('no', _('disabled'));
		[ '48', '52', '56', '60', '64' ].forEach(function(len) { o.value(len) });
		o.default = 'auto';

		o = s.taboption('general', form.Flag, 'extendprefix', _('Extend prefix'),
			_('Extend the WAN\'s /64 to the LAN when no prefix is delegated (RFC 7278)'));

		o = s.taboption('general', form.Flag, 'norelease', _('Do not send a Release when restarting'),
			_('Enable to minimise the chance of prefix change after a restart'));

		o = s.taboption('general', form.Value, 'solicit_delay', _('Solicit delay'),
			_('Milliseconds from the Router Advertisement to the first Solicit; 0 answers at once'));
		o.datatype = 'uinteger';
		o.placeholder = '1000';

		o = s.taboption('general', form.Flag, 'rapidcommit', _('Rapid Commit'),
			_('Ask for the lease in two messages instead of four (RFC 9915 18.2.1)'));

		o = s.taboption('advanced', form.Value, 'clientid', _('Client ID to send when requesting DHCP'));
		o.datatype = 'hexstring';

		o = s.taboption('advanced', form.Flag, 'startup_solicit', _('Solicit at start'),
			_('Start DHCPv6 without waiting for a Router Advertisement with M or O set'));

		o = s.taboption('advanced', form.ListValue, 'trigger', _('Router Advertisement source'),
			_('auto: the ra6notify kernel hook when it is loaded, else a raw ICMPv6 socket'));
		o.value('auto', _('auto'));
		o.value('hook', _('kernel hook (kmod-ra6notify)'));
		o.value('raw', _('raw ICMPv6 socket'));
		o.value('legacy', _('vendor kernel hook'));
		o.default = 'auto';

		// a vendor kernel's own patch; kmod-ra6notify is found by name in every mode
		o = s.taboption('advanced', form.Value, 'legacy_proto', _('Vendor hook netlink unit'),
			_('Netlink unit of the vendor kernel\'s "RA received" patch; with auto, tried after the ra6notify hook'));
		o.datatype = 'range(0,31)';
		o.placeholder = '25';

		o = s.taboption('advanced', form.Value, 'legacy_type', _('Vendor hook message type'),
			_('Message type the vendor kernel\'s patch sends for each Router Advertisement'));
		o.datatype = 'range(0,65535)';
		o.placeholder = '0';

		o = s.taboption('advanced', form.Value, 'reqopts', _('Request DHCPv6 options'),
			_('Option codes, separated by spaces, asked for beside the default ones'));
		o.placeholder = '94 95 96';

		o = s.taboption('advanced', form.DynamicList, 'sendopts', _('Send DHCPv6 options'),
			_('<code>code:hex-value</code> or <code>name:value</code>, as odhcp6c\'s <code>-x</code>'));

		o = s.taboption('advanced', form.DynamicList, 'ip6prefix', _('Custom delegated IPv6-prefix'));
		o.datatype = 'cidr6';

		// interfaces.js offers this only for the protocols it knows (has_sourcefilter)
		o = s.taboption('advanced', form.Flag, 'sourcefilter', _('IPv6 source routing'),
			_('Automatically handle multiple uplink interfaces using source-based policy routing.'));
		o.default = o.enabled;
	}
});

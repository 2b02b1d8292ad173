// Loads LuCI protocol views the way LuCI does, in node, and checks what they register.
//
//   node tests/pkg/luci.js <view.js> <netifd handler.sh>
//
// The loader follows luci-base's luci.js L.require(): the header's string statements are
// 'use strict' and 'require <module>' (anything else ends the header); the source becomes the
// body of (function(window, document, L, <modules>) { ... }), called with the modules, and must
// return a class. network.registerProtocol() is network.js's: Protocol.extend() of defaults,
// the view's methods, then __init__(name) and getProtocol(). form.* are recorders.
// The view's options are then checked against what the handler declares to netifd
// (proto_config_add_*): netifd passes only declared options, and a UCI list only for an
// option declared as an array (uci blob.c, __uci_element_to_blob: lists are skipped for
// other types).
'use strict';

const fs = require('fs');
const vm = require('vm');

const [viewPath, handlerPath] = process.argv.slice(2);
let pass = 0;
let fail = 0;
function check(name, ok, detail) {
	if (ok) {
		pass++;
		console.log(`ok   ${name}`);
	} else {
		fail++;
		console.log(`FAIL ${name}${detail ? `\n    ${detail}` : ''}`);
	}
}

// --- LuCI's class system, as luci.js's Class: extend(), isSubclass(), __init__ -------------
const Class = {
	extend(props) {
		const parent = this === Class ? null : this;
		const ctor = function(...args) {
			if (typeof this.__init__ == 'function')
				this.__init__(...args);
		};
		ctor.prototype = Object.create(parent ? parent.prototype : Object.prototype);
		Object.assign(ctor.prototype, props);
		ctor.prototype.constructor = ctor;
		ctor.extend = Class.extend;
		ctor.__luciclass__ = true;
		return ctor;
	},
	isSubclass(c) {
		return typeof c == 'function' && c.__luciclass__ === true;
	},
};

// --- the modules a protocol view may require -------------------------------------------
const registered = {};
const network = {
	registerProtocol(protoname, methods) {
		const proto = Class.extend.call(Class, Object.assign({
			getI18n() { return protoname; },
			isFloating() { return false; },
			isVirtual() { return false; },
			renderFormOptions() {},
		}, methods, {
			__init__(name) { this.sid = name; },
			getProtocol() { return protoname; },
		}));
		registered[protoname] = proto;
		return proto;
	},
};
const options = [];
function widget(kind) {
	return function() {};
}
const form = {};
for (const k of ['Value', 'ListValue', 'Flag', 'DynamicList', 'MultiValue', 'DummyValue', 'TextValue'])
	form[k] = widget(k);
const section = {
	taboption(tab, cls, name, title, description) {
		const kind = Object.keys(form).find((k) => form[k] === cls) || '?';
		const o = { tab, kind, name, title, description, values: [], enabled: '1', disabled: '0',
			value(v) { this.values.push(String(v)); }, depends() {} };
		options.push(o);
		return o;
	},
};
section.option = (cls, name, title) => section.taboption('', cls, name, title);
const modules = { form, network };

// --- luci.js compileClass ---------------------------------------------------------------
const source = fs.readFileSync(viewPath, 'utf8');
const requires = [];
{
	const requirematch = /^require[ \t]+(\S+)(?:[ \t]+as[ \t]+([a-zA-Z_]\S*))?$/;
	const strictmatch = /^use[ \t]+strict$/;
	for (let i = 0, off = -1, quote = -1, esc = false, comment = -1, prev = -1; i < source.length; i++) {
		const chr = source.charCodeAt(i);
		if (esc) esc = false;
		else if (comment != -1) {
			if ((comment == 47 && chr == 10) || (comment == 42 && prev == 42 && chr == 47))
				comment = -1;
		} else if ((chr == 42 || chr == 47) && prev == 47 && quote == -1) comment = chr;
		else if (chr == 92) esc = true;
		else if (chr == quote) {
			const s = source.substring(off, i);
			const m = requirematch.exec(s);
			if (m) requires.push([m[1], m[2] || m[1].replace(/[^a-zA-Z0-9_]/g, '_')]);
			else if (!strictmatch.exec(s)) break;
			off = -1;
			quote = -1;
		} else if (quote == -1 && (chr == 34 || chr == 39)) {
			off = i + 1;
			quote = chr;
		}
		prev = chr;
	}
}
check('view requires only modules a protocol view has (form, network)',
	requires.length > 0 && requires.every(([dep]) => dep in modules),
	JSON.stringify(requires));

let cls = null;
try {
	const factory = vm.runInNewContext(
		`(function(window, document, L${requires.map(([, as]) => `, ${as}`).join('')}) { ${source} })`,
		{ _: (s) => s, console }, { filename: viewPath });
	cls = factory({}, {}, { Class }, ...requires.map(([dep]) => modules[dep]));
	check('view parses and its factory runs', true);
} catch (e) {
	check('view parses and its factory runs', false, e.stack);
}
check('factory returns a class (luci.js: Class.isSubclass)', Class.isSubclass(cls));

const names = Object.keys(registered);
check('registers exactly one protocol, ra6c', names.length == 1 && names[0] == 'ra6c', names.join(','));
const proto = registered.ra6c ? new registered.ra6c('wan6') : null;
check('instance: getProtocol() = ra6c, sid = wan6',
	proto && proto.getProtocol() == 'ra6c' && proto.sid == 'wan6');
check('getI18n() names ra6c', proto && /ra6c/.test(proto.getI18n()), proto && proto.getI18n());
check('package to install is ra6c (getPackageName, and getOpkgPackage for older LuCI)',
	proto && proto.getPackageName() == 'ra6c' && proto.getOpkgPackage() == 'ra6c');
try {
	proto.renderFormOptions(section);
	check('renderFormOptions runs', options.length > 0, `${options.length} options`);
} catch (e) {
	check('renderFormOptions runs', false, e.stack);
}

// --- against the netifd handler ------------------------------------------------------------
const handler = fs.readFileSync(handlerPath, 'utf8');
const init = handler.slice(handler.indexOf('proto_ra6c_init_config()'));
const declared = {};
for (const m of init.slice(0, init.indexOf('\n}')).matchAll(/proto_config_add_(string|int|boolean|array)\s+['"]?([a-z0-9_]+)(?::([^'"]*))?/g))
	declared[m[2]] = { type: m[1], datatype: m[3] || '' };
check('handler declares its options', Object.keys(declared).length > 20, Object.keys(declared).length);

for (const name of ['reqaddress', 'reqprefix', 'norelease', 'clientid'])
	check(`offers dhcpv6's option ${name}`, options.some((o) => o.name == name));
for (const o of options) {
	const d = declared[o.name];
	check(`${o.name}: declared by the handler`, !!d);
	if (!d)
		continue;
	const list = o.kind == 'DynamicList' || o.kind == 'MultiValue';
	check(`${o.name}: ${list ? 'a list, declared as an array' : 'one value, not an array'}`,
		list == (d.type == 'array'), `${o.kind} vs ${d.type}`);
	const choices = /^or\((.*)\)$/.exec(d.datatype);
	if (choices && o.values.length) {
		const words = [...choices[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
		const range = /range\((\d+),\s*(\d+)\)/.exec(choices[1]);
		const bad = o.values.filter((v) => !words.includes(v) &&
			!(range && /^\d+$/.test(v) && +v >= +range[1] && +v <= +range[2]));
		check(`${o.name}: every choice passes the handler's ${d.datatype}`, bad.length == 0, bad.join(','));
	}
}

console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);

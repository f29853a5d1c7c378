// SPDX-License-Identifier: MIT
// Token: a small ERC-20 for zkos-ts's sample blocks (programs/blocks/*.json). The whole supply is
// minted to the deployer. Storage layout (relied on by test/sample-block.test.ts):
//   slot 0: totalSupply
//   slot 1: balanceOf   (mapping(address => uint256): slot keccak256(pad32(owner) . pad32(1)))
//   slot 2: allowance   (mapping(address => mapping(address => uint256)):
//                        slot keccak256(pad32(spender) . keccak256(pad32(owner) . pad32(2))))
pragma solidity 0.8.28;

contract Token {
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    string public constant name = "Sample Token";
    string public constant symbol = "SMPL";
    uint8 public constant decimals = 18;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= value, "Token: allowance too low");
            allowance[from][msg.sender] = allowed - value;
        }
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        require(to != address(0), "Token: transfer to zero address");
        uint256 balance = balanceOf[from];
        require(balance >= value, "Token: balance too low");
        unchecked {
            balanceOf[from] = balance - value;
        }
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
